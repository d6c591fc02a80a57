package io.github.cdcbundle.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the chart runs the Connect container, read from k8s/cdc.yaml (the chart rendered with its defaults, kept in
 * step with helm/ by deploy-tests): the worker's ConfigMap, the container's literal env, the emptyDir mounts (the only
 * writable paths under a read-only root) and the memory limit. The image test runs the container the same way, so a
 * chart change that the image cannot live with (a new writable path, say) fails here.
 */
record ChartConnectPod(Map<String, String> configMap, Map<String, String> env, Set<String> emptyDirMounts,
        String memoryLimit, long runAsUser, boolean readOnlyRootFilesystem, List<String> droppedCapabilities) {

    static ChartConnectPod read(Path manifest) {
        JsonNode configMap = null;
        JsonNode deployment = null;
        try (MappingIterator<JsonNode> docs = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .readValues(manifest.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isMissingNode() || doc.isNull()) {
                    continue;
                }
                String kind = doc.path("kind").asText();
                String component = doc.path("metadata").path("labels").path("app.kubernetes.io/component").asText();
                if ("connect".equals(component) && "ConfigMap".equals(kind)) {
                    configMap = doc;
                } else if ("connect".equals(component) && "Deployment".equals(kind)) {
                    deployment = doc;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
        if (configMap == null || deployment == null) {
            throw new AssertionError(manifest + " has no Connect ConfigMap and Deployment "
                    + "(app.kubernetes.io/component: connect)");
        }
        Map<String, String> data = new LinkedHashMap<>();
        configMap.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));

        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : container.path("env")) {
            if (variable.has("value")) { // valueFrom (the pod's IP) has no meaning outside Kubernetes
                env.put(variable.get("name").asText(), variable.get("value").asText());
            }
        }
        Set<String> emptyDirs = new TreeSet<>();
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.has("emptyDir")) {
                emptyDirs.add(volume.get("name").asText());
            }
        }
        Set<String> mounts = new TreeSet<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            if (emptyDirs.contains(mount.get("name").asText())) {
                mounts.add(mount.get("mountPath").asText());
            }
        }
        JsonNode security = container.path("securityContext");
        List<String> dropped = new ArrayList<>();
        security.path("capabilities").path("drop").forEach(c -> dropped.add(c.asText()));
        return new ChartConnectPod(data, env, mounts,
                container.path("resources").path("limits").path("memory").asText(""),
                pod.path("securityContext").path("runAsUser").asLong(-1),
                security.path("readOnlyRootFilesystem").asBoolean(false), dropped);
    }

    /** A Kubernetes quantity ("2Gi", "1536Mi") as the engine's --memory value. */
    String memoryForEngine() {
        if (memoryLimit.endsWith("Gi")) {
            return memoryLimit.substring(0, memoryLimit.length() - 2) + "g";
        }
        if (memoryLimit.endsWith("Mi")) {
            return memoryLimit.substring(0, memoryLimit.length() - 2) + "m";
        }
        throw new AssertionError("the Connect container's memory limit '" + memoryLimit
                + "' is not in Gi or Mi: teach ChartConnectPod.memoryForEngine its unit");
    }
}
