package io.github.cdcbundle.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldPathTest {
    @Test
    void segmentsCollectedInnermostFirstReadOutermostFirst() {
        FieldPath path = new FieldPath();
        assertThat(path.isEmpty()).isTrue();
        assertThat(path).hasToString("");
        path.enclosedBy("c");
        path.enclosedBy("[2]");
        path.enclosedBy("b");
        path.enclosedBy("a");
        assertThat(path.isEmpty()).isFalse();
        assertThat(path).hasToString("a.b[2].c");
    }

    @Test
    void anIndexAtTheTopHasNoDotBeforeIt() {
        FieldPath path = new FieldPath();
        path.enclosedBy("x");
        path.enclosedBy("[0]");
        assertThat(path).hasToString("[0].x");
    }
}
