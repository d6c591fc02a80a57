package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListTest {
    @Test
    void exactNamesGlobsAndTheLoneStar() {
        AllowList list = AllowList.parse("allowed.secrets", List.of("rds", "s3-*", "team-a/*"));
        assertThat(list.allows("rds")).isTrue();
        assertThat(list.allows("rds2")).isFalse();
        assertThat(list.allows("s3-keys")).isTrue();
        assertThat(list.allows("s3-")).isTrue();
        assertThat(list.allows("other/s3-keys")).isFalse();
        assertThat(list.allows("team-a/anything")).isTrue();
        assertThat(list.allows("team-b/anything")).isFalse();
        assertThat(AllowList.parse("x", List.of("*")).allows("ns/name")).isTrue();
    }

    @Test
    void emptyAllowsNothing() {
        AllowList list = AllowList.parse("allowed.namespaces", List.of());
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.allows("default")).isFalse();
    }

    @Test
    void entriesWithOtherCharactersAreRejected() {
        assertThatThrownBy(() -> AllowList.parse("allowed.keys", List.of("ok", "a b")))
                .hasMessage("Invalid value a b for configuration allowed.keys: Allow-list entries are names made of "
                        + "letters, digits, '-', '_', '.', '/' and '*' globs");
    }
}
