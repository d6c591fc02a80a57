package io.github.cdcbundle.benchmarks.pipeline;

import io.github.cdcbundle.e2e.ConnectorFiles;
import io.github.cdcbundle.e2e.Pipeline;
import io.github.cdcbundle.testkit.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What the benchmark captures (--tables N, --connectors K): N tables of {@link BenchTable}'s shape, split into K
 * disjoint contiguous shares, one Debezium connector per share with its own slot and publication, all feeding the one
 * S3 sink. This is what a user does when one slot is not enough. The first connector is the shipped file as it is
 * (slot and publication from the .env the pipeline writes); each further one is the same file under another name
 * with its own {@code slot.name}, {@code publication.name}, {@code table.include.list} and a {@code custom.metric.tags}
 * entry, since connectors sharing a {@code topic.prefix} would otherwise ask for the same JMX names (Debezium 3.7 then
 * retries each registration 12 times, 5 s apart, and goes on without metrics: measured, the second connector streamed
 * nothing for about two minutes). Each connector also has a second slot of its own for pg_recvlogical on the same WAL
 * range.
 */
final class Sources {
    /** One source connector and the tables it captures. */
    record Source(String connector, String slot, String publication, String rawSlot, List<BenchTable> tables) {
        String tableList() {
            return tables.stream().map(BenchTable::qualified).collect(Collectors.joining(","));
        }
    }

    /** With K > 1: a publication over every table, for pg_recvlogical as one slot would decode them. */
    static final String ALL_PUBLICATION = "bench_all";
    static final String ALL_RAW_SLOT = "bench_raw_all";

    final List<BenchTable> tables;
    final List<Source> sources;

    private Sources(List<BenchTable> tables, List<Source> sources) {
        this.tables = tables;
        this.sources = sources;
    }

    static Sources of(int tableCount, int connectors, String baseConnector) {
        if (tableCount < 1) {
            throw new IllegalArgumentException("--tables must be at least 1, was " + tableCount);
        }
        if (connectors < 1 || connectors > tableCount) {
            throw new IllegalArgumentException("--connectors must be between 1 and --tables (" + tableCount
                    + "): each connector captures a disjoint share of the tables; was " + connectors);
        }
        List<BenchTable> tables = new ArrayList<>();
        for (int i = 1; i <= tableCount; i++) {
            tables.add(new BenchTable(tableCount == 1 ? "bench" : String.format("bench_%03d", i)));
        }
        List<Source> sources = new ArrayList<>();
        for (int k = 0; k < connectors; k++) {
            List<BenchTable> share = tables.subList(k * tableCount / connectors, (k + 1) * tableCount / connectors);
            String suffix = "_" + (k + 1);
            sources.add(k == 0
                    ? new Source(baseConnector, Pipeline.SLOT, Pipeline.PUBLICATION, "bench_raw", share)
                    : new Source(baseConnector + "-" + (k + 1), Pipeline.SLOT + suffix, Pipeline.PUBLICATION + suffix,
                            "bench_raw" + suffix, share));
        }
        return new Sources(tables, sources);
    }

    Source first() {
        return sources.get(0);
    }

    boolean several() {
        return sources.size() > 1;
    }

    List<String> ddl() {
        return tables.stream().map(BenchTable::ddl).toList();
    }

    /** The S3 key prefix under which every captured table's objects land. */
    String keyPrefix(String topicsDir, Pipeline pipeline) {
        return topicsDir + "/" + pipeline.topic(tables.size() == 1 ? "bench/" : "bench_");
    }

    /**
     * The publications the administrator creates for the further connectors (the pipeline made the first one), and,
     * with several connectors, one over all tables for the single-slot reference.
     */
    void createPublications(Pipeline pipeline) {
        for (Source s : sources.subList(1, sources.size())) {
            pipeline.postgres.createPublication(Pipeline.DATABASE, s.publication(),
                    s.tables().stream().map(BenchTable::qualified).toList());
        }
        if (several()) {
            pipeline.postgres.createPublication(Pipeline.DATABASE, ALL_PUBLICATION,
                    tables.stream().map(BenchTable::qualified).toList());
        }
    }

    /**
     * The source connector of share {@code s}: the shipped (and --profile'd) file; after the first, renamed and
     * pointed at its own slot, publication and tables.
     */
    ConnectorFiles.Connector connector(Source s, ConnectorFiles.Connector configured) {
        if (s == first()) {
            return configured;
        }
        // a --profile that sets custom.metric.tags (even to "") keeps it: that is how the collision was measured
        String tags = configured.config().getOrDefault("custom.metric.tags", "connector=" + s.connector());
        return new ConnectorFiles.Connector(s.connector(), configured.with(Map.of(
                "slot.name", s.slot(),
                "publication.name", s.publication(),
                "table.include.list", s.tableList(),
                "custom.metric.tags", tags)).config());
    }

    /**
     * Creates every table's topic as Debezium would (its {@code topic.creation.default.*} settings), so that the sink
     * subscribes to all of them when it starts: the clock then measures a running pipeline, not the sink's discovery
     * of N new topics (a metadata refresh, {@code metadata.max.age.ms}, and a rebalance each time).
     */
    void createTopics(Pipeline pipeline, Map<String, String> sourceConfig) {
        int partitions = Integer.parseInt(sourceConfig.get("topic.creation.default.partitions"));
        short replication = Short.parseShort(sourceConfig.get("topic.creation.default.replication.factor"));
        // -1, as shipped, is the broker's default
        Optional<Short> rf = replication > 0 ? Optional.of(replication) : Optional.empty();
        List<NewTopic> topics = tables.stream().map(t -> new NewTopic(pipeline.topic(t.name()),
                Optional.of(partitions), rf)
                .configs(Map.of("cleanup.policy", sourceConfig.get("topic.creation.default.cleanup.policy"))))
                .toList();
        try (Admin admin = pipeline.kafka.admin()) {
            admin.createTopics(topics).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the " + topics.size() + " topics: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the sink's consumer group has every partition of every table's topic assigned. */
    void awaitSinkAssigned(Pipeline pipeline, String sinkConnector, int partitionsPerTopic) {
        int expected = tables.size() * partitionsPerTopic;
        String group = "connect-" + sinkConnector;
        try (Admin admin = pipeline.kafka.admin()) {
            Poll.untilTrue("sink group " + group + " assigned all " + expected + " partitions", Duration.ofSeconds(120),
                    () -> assigned(admin, group) == expected);
        }
    }

    private static int assigned(Admin admin, String group) {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            Collection<MemberDescription> members = d == null ? List.of() : d.members();
            return members.stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
        } catch (ExecutionException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
