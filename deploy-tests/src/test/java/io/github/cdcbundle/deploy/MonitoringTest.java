package io.github.cdcbundle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's alerts and dashboard. Which metric names a real worker exports is checked by connect-image's
 * MonitoringMetricsIT, which reads the chart's files and finds names by their prefix; this test makes sure that prefix
 * search sees every metric the rendered rules and dashboard use.
 */
class MonitoringTest {

    /** What MonitoringMetricsIT searches the chart files for. */
    static final Pattern PREFIXED = Pattern.compile("\\b(?:kafka_connect|debezium_metrics)_[a-z0-9_]+\\b");

    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "offset", "bool", "inf", "nan");

    private static final Map<String, Object> ENABLED = Map.of("monitoring.prometheusRule.enabled", "true",
            "monitoring.dashboard.enabled", "true");

    @Test
    void offByDefault() {
        List<HasMetadata> objects = Chart.render();
        assertThat(objects).noneMatch(o -> o.getKind().equals("PrometheusRule"));
        assertThat(Chart.names(objects)).doesNotContain("ConfigMap/kafka-connect-dashboard");
    }

    @Test
    void theRulesAlertOnEveryFailureTheIssueNames() {
        GenericKubernetesResource rule = prometheusRule(Chart.render(List.of(), ENABLED));
        List<String> alerts = rules(rule).stream().map(r -> (String) r.get("alert")).toList();

        assertThat(alerts).contains("CdcConnectorFailed", "CdcTaskFailed", "CdcSourceLagHigh", "CdcSinkConsumerLagHigh",
                "CdcNoObjectWritten");
        // One running-tasks alert per registered connector, with its tasks.max from the connector JSON.
        assertThat(rules(rule)).filteredOn(r -> "CdcTasksNotRunning".equals(r.get("alert")))
                .extracting(r -> (String) r.get("expr"))
                .anySatisfy(e -> assertThat(e).contains("connector=\"debezium-postgres\"}) < 1"))
                .anySatisfy(e -> assertThat(e).contains("connector=\"s3-sink\"}) < 2"));
    }

    @Test
    void labelsForPrometheusAndGrafanaAreSettable() {
        List<HasMetadata> objects = Chart.render(List.of(), Map.of("monitoring.prometheusRule.enabled", "true",
                "monitoring.prometheusRule.labels.release", "kube-prometheus-stack", "monitoring.dashboard.enabled", "true"));
        assertThat(prometheusRule(objects).getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(Chart.one(objects, ConfigMap.class, "kafka-connect-dashboard").getMetadata().getLabels())
                .containsEntry("grafana_dashboard", "1");
    }

    @Test
    void everyMetricTheRulesAndDashboardUseIsOneTheWorkerCheckFinds() throws Exception {
        List<HasMetadata> objects = Chart.render(List.of(), ENABLED);
        List<String> expressions = new ArrayList<>();
        rules(prometheusRule(objects)).forEach(r -> expressions.add((String) r.get("expr")));
        JsonNode dashboard = new ObjectMapper().readTree(
                Chart.one(objects, ConfigMap.class, "kafka-connect-dashboard").getData().get("cdc-bundle.json"));
        dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> expressions.add(t.get("expr").asText())));

        Set<String> used = new TreeSet<>();
        expressions.forEach(e -> used.addAll(metricNames(e)));
        assertThat(used).isNotEmpty().allMatch(n -> PREFIXED.matcher(n).matches());

        Set<String> found = new TreeSet<>();
        for (String file : List.of("templates/prometheusrule.yaml", "files/grafana-dashboard.json")) {
            Matcher m = PREFIXED.matcher(Chart.read(Chart.DIR.resolve(file)));
            while (m.find()) {
                found.add(m.group());
            }
        }
        assertThat(found).isEqualTo(used);
    }

    @Test
    void theMetricNameExtractionSeesPastFunctionsLabelsAndRanges() {
        assertThat(metricNames("sum by (connector) (rate(foo_total{a=\"b_c\"}[5m])) > bar offset 5m or absent(baz)"))
                .containsExactlyInAnyOrder("foo_total", "bar", "baz");
    }

    /** Names of the series a PromQL expression selects: identifiers outside strings, label matchers and groupings. */
    static Set<String> metricNames(String expr) {
        String stripped = expr.replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(stripped);
        while (m.find()) {
            String word = m.group(1);
            if (m.group(2) == null && !PROMQL_WORDS.contains(word) && !word.matches("\\d.*|\\d+[smhd]")) {
                names.add(word);
            }
        }
        return names;
    }

    private static GenericKubernetesResource prometheusRule(List<HasMetadata> objects) {
        return (GenericKubernetesResource) objects.stream().filter(o -> o.getKind().equals("PrometheusRule")).findFirst()
                .orElseThrow(() -> new AssertionError("no PrometheusRule in " + Chart.names(objects)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(GenericKubernetesResource rule) {
        List<Map<String, Object>> all = new ArrayList<>();
        Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
        for (Map<String, Object> group : (List<Map<String, Object>>) spec.get("groups")) {
            all.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return all;
    }
}
