package io.github.cdcbundle.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every plugin bundles this one reader, so it must report the version of the plugin that asks, not its own: two
 * plugins built at different versions must each see theirs.
 */
class VersionTest {
    @Test
    void eachPluginReportsTheVersionBesideItsOwnClass() {
        assertThat(Version.of(io.github.cdcbundle.common.fixture.one.Plugin.class)).isEqualTo("1.2.3");
        assertThat(Version.of(io.github.cdcbundle.common.fixture.two.Plugin.class)).isEqualTo("4.5.6-SNAPSHOT");
    }

    @Test
    void aPluginWithoutAVersionResourceReportsUnknown() {
        assertThat(Version.of(io.github.cdcbundle.common.fixture.none.Plugin.class)).isEqualTo(Version.UNKNOWN);
    }

    @Test
    void theVersionIsReadOncePerPluginClass() {
        Class<?> plugin = io.github.cdcbundle.common.fixture.one.Plugin.class;
        assertThat(Version.of(plugin)).isSameAs(Version.of(plugin));
    }
}
