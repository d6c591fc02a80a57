package io.github.cdcbundle.converters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdcbundle.common.SchemaCache;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;

/** The packaged plugin jar: Jackson inside it, relocated; beside it in the archive only the common library. */
class ShadedJarIT {
    private static final Path JAR = Path.of(System.getProperty("converters.jar", "target/missing.jar"));

    @Test
    void jarHoldsOnlyOurClassesAndRelocatedJackson() throws Exception {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> classes = jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).toList();
            assertThat(classes).allSatisfy(name -> assertThat(name)
                    .startsWith("io/github/cdcbundle/converters/"));
            assertThat(jar.stream().map(ZipEntry::getName)).noneMatch(n -> n.startsWith("META-INF/versions"));
            assertThat(classes).contains(
                    "io/github/cdcbundle/converters/shaded/jackson/core/JsonFactory.class",
                    "io/github/cdcbundle/converters/AnalystJsonConverter.class");
            assertThat(jar.getEntry("META-INF/services/org.apache.kafka.connect.storage.Converter")).isNotNull();
            assertThat(jar.getEntry("META-INF/services/org.apache.kafka.connect.storage.HeaderConverter")).isNotNull();
            assertThat(jar.getEntry("io/github/cdcbundle/converters/version.properties")).isNotNull();
        }
    }

    @Test
    void pluginArchiveHoldsTheShadedJarAndTheCommonLibraryAndNoJacksonJar() throws Exception {
        Path zip = Path.of(System.getProperty("converters.plugin.zip", "target/missing.zip"));
        assertThat(zip).exists();
        try (java.util.zip.ZipFile archive = new java.util.zip.ZipFile(zip.toFile())) {
            List<String> jars = archive.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".jar")).toList();
            String ours = jars.stream().filter(n -> n.endsWith("/lib/" + JAR.getFileName())).findFirst().orElseThrow();
            assertThat(archive.getEntry(ours).getSize()).isEqualTo(Files.size(JAR));
            assertThat(jars).hasSize(2).anySatisfy(n -> assertThat(n).matches(".*/lib/cdc-plugin-common-[^/]+\\.jar"));
        }
    }

    @Test
    void converterRunsWithoutAnyJacksonOnTheClassPath() throws Exception {
        ClassLoader parent = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("com.fasterxml.") || name.startsWith("io.github.cdcbundle.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        assertThatThrownBy(() -> parent.loadClass("com.fasterxml.jackson.core.JsonFactory"))
                .isInstanceOf(ClassNotFoundException.class);
        // the plugin folder's class path: our jar and the library every plugin bundles (a jar, or classes in a build)
        URL common = SchemaCache.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {JAR.toUri().toURL(), common}, parent)) {
            Class<?> type = plugin.loadClass(AnalystJsonConverter.class.getName());
            assertThat(type.getClassLoader()).isSameAs(plugin);
            Converter converter = (Converter) type.getDeclaredConstructor().newInstance();
            converter.configure(Map.of(), false);
            Schema json = SchemaBuilder.string().name("io.debezium.data.Json").build();
            byte[] written = converter.fromConnectData("t", json, "{\"a\": [1, 2.50]}");
            assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,2.50]}");
            assertThat(converter.toConnectData("t", written).value()).isInstanceOf(Map.class);
        }
        assertThat(Files.size(JAR)).isLessThan(1_000_000L);
    }
}
