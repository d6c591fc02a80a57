package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {

    @Test
    void strictLintIsClean() {
        LintResult result = new Helm(Chart.DIR).lint().strict().call();

        assertThat(result.getMessages()).filteredOn(m -> !m.contains("[INFO]")).isEmpty();
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    }
}
