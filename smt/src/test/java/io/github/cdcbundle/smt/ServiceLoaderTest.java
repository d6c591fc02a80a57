package io.github.cdcbundle.smt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.ServiceLoader;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

class ServiceLoaderTest {
    @Test
    @SuppressWarnings("rawtypes")
    void workersFindOurTransformsThroughTheServiceLoader() {
        List<String> found = ServiceLoader.load(Transformation.class).stream()
                .map(p -> p.type().getName()).filter(n -> n.startsWith("io.github.cdcbundle")).toList();
        assertThat(found).containsExactlyInAnyOrder(FlattenChangeEvent.Value.class.getName(),
                RdsMetadata.Key.class.getName(), RdsMetadata.Value.class.getName());
        for (ServiceLoader.Provider<Transformation> provider : ServiceLoader.load(Transformation.class).stream()
                .filter(p -> p.type().getName().startsWith("io.github.cdcbundle")).toList()) {
            Transformation transform = provider.get();
            assertThat(((Versioned) transform).version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
            assertThat(transform.config().names()).isNotEmpty();
        }
    }
}
