package io.github.cdcbundle.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/** The chart under ../helm, rendered in-process by Helm's own code, and strict parsing of what it renders. */
final class Chart {

    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path DIR = REPO.resolve("helm");
    static final String RELEASE = "cdc";
    static final String NAMESPACE = "cdc-project";
    static final String KUBE_VERSION = "1.31.0";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Chart() {}

    static Path valuesFile(String name) {
        return DIR.resolve(name);
    }

    /** Renders the chart (hooks and test pods included) with the given values files and --set pairs. */
    static String template(List<Path> valuesFiles, Map<String, Object> sets) {
        return template(RELEASE, valuesFiles, sets);
    }

    /** As {@link #template(List, Map)}, under another release name. */
    static String template(String release, List<Path> valuesFiles, Map<String, Object> sets) {
        return template(release, NAMESPACE, valuesFiles, sets);
    }

    /** As {@link #template(List, Map)}, under another release name and namespace. */
    static String template(String release, String namespace, List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand command = new Helm(UNHOOKED).template().withName(release).withNamespace(namespace)
                .withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call().replace(HOOK_MASK, "helm.sh/hook");
    }

    /*
     * helm-java's template returns the release manifest without hook resources (the CLI prints those separately), so
     * tests render a copy of the chart whose hook annotations are masked, and unmask them in the output: the result is
     * what `helm template` prints, hooks included.
     */
    private static final String HOOK_MASK = "unhooked-for-tests.invalid/hook";
    private static final Path UNHOOKED = unhookedCopy();

    private static Path unhookedCopy() {
        try {
            Path copy = Files.createTempDirectory("cdc-chart-");
            copy.toFile().deleteOnExit();
            Path target = copy.resolve("cdc");
            try (var files = Files.walk(DIR)) {
                for (Path source : files.toList()) {
                    Path dest = target.resolve(DIR.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(dest);
                    } else {
                        String text = Files.readString(source);
                        Files.writeString(dest, source.toString().contains("/templates/")
                                ? text.replace("helm.sh/hook", HOOK_MASK) : text);
                    }
                }
            }
            return target;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<HasMetadata> render(List<Path> valuesFiles, Map<String, Object> sets) {
        return parseStrictly(template(valuesFiles, sets));
    }

    static List<HasMetadata> render(String... valuesFiles) {
        List<Path> files = new ArrayList<>();
        for (String file : valuesFiles) {
            files.add(valuesFile(file));
        }
        return render(files, Map.of());
    }

    /** Splits a multi-document YAML stream; documents holding only comments are dropped. */
    static List<String> documents(String yaml) {
        List<String> documents = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            boolean content = document.lines().anyMatch(l -> !l.isBlank() && !l.stripLeading().startsWith("#"));
            if (content) {
                documents.add(document);
            }
        }
        return documents;
    }

    /**
     * Parses every document into its fabric8 model class. fabric8's classes keep unknown fields in
     * additionalProperties instead of failing, so any non-empty additionalProperties anywhere in the object graph
     * counts as an unknown field: a typo'd or misplaced key fails here instead of being dropped by the API server.
     */
    static List<HasMetadata> parseStrictly(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : documents(yaml)) {
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new AssertionError("Not a Kubernetes object:\n" + document);
            }
            if (object.getClass().getName().equals("io.fabric8.kubernetes.api.model.GenericKubernetesResource")) {
                if (!Set.of("ServiceMonitor", "PrometheusRule").contains(object.getKind())) {
                    throw new AssertionError("No model class for kind " + object.getKind() + " (" + object.getApiVersion() + ")");
                }
            } else {
                List<String> unknown = new ArrayList<>();
                unknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), unknown,
                        Collections.newSetFromMap(new IdentityHashMap<>()));
                if (!unknown.isEmpty()) {
                    throw new AssertionError("Unknown fields in " + object.getKind() + " " + object.getMetadata().getName()
                            + ": " + unknown + "\n" + document);
                }
            }
            objects.add(object);
        }
        return objects;
    }

    private static void unknownFields(Object node, String path, List<String> unknown, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                unknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), path + "." + entry.getKey(), unknown, seen);
            }
            return;
        }
        if (!(node instanceof KubernetesResource) || !node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = node.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object value;
                try {
                    value = field.get(node);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(k -> unknown.add(path + "." + k));
                    }
                } else {
                    unknownFields(value, path + "." + field.getName(), unknown, seen);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        return (T) objects.stream()
                .filter(o -> type.isInstance(o) && o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " " + name + " in " + names(objects)));
    }

    static List<String> names(List<HasMetadata> objects) {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
