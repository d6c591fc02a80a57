package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: Docker Desktop's kind-based cluster cannot see an image built into the Docker engine (pullPolicy Never).
 * The README and values-docker-desktop.yaml say how the image gets there; the image they name is the one the values
 * file deploys and the README's build makes.
 */
class DockerDesktopDocsTest {

    @Test
    void theImageBuiltAndLoadedIsTheImageDeployed() {
        List<HasMetadata> objects = Chart.render("values-docker-desktop.yaml");
        Container worker = Chart.one(objects, Deployment.class, "kafka-connect").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        String image = worker.getImage();
        assertThat(worker.getImagePullPolicy()).isEqualTo("Never");
        String readme = Chart.read(Chart.REPO.resolve("README.md")).replaceAll("\\s+", " ");

        assertThat(readme).contains("docker build -t " + image + " connect-image",
                "kind load docker-image " + image + " --name <cluster>",
                "docker save " + image + " | docker exec -i <node> ctr --namespace k8s.io images import -",
                "ErrImageNeverPull");
        assertThat(Chart.read(Chart.valuesFile("values-docker-desktop.yaml")))
                .contains("docker build -t " + image + " connect-image", "kind load docker-image " + image);
    }
}
