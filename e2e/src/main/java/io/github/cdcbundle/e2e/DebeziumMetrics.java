package io.github.cdcbundle.e2e;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Debezium's metrics MBeans of one PostgreSQL connector (by its {@code topic.prefix}), read in the JVM the Connect
 * worker runs in (the local pipeline's and the tests' in-JVM worker): the snapshot's progress, the captured tables.
 * Every read returns null (or an empty answer) while the connector's task, and so its MBean, is not there.
 */
public final class DebeziumMetrics {
    private final String topicPrefix;

    public DebeziumMetrics(String topicPrefix) {
        this.topicPrefix = topicPrefix;
    }

    /**
     * An attribute of the MBean for {@code context} (snapshot, streaming), or null when there is none; more than one
     * (two connectors with the same prefix and no {@code custom.metric.tags}) is an error that names them.
     */
    public Object attribute(String context, String name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Set<ObjectName> names = server.queryNames(new ObjectName("debezium.postgres:type=connector-metrics,"
                    + "context=" + context + ",server=" + topicPrefix + ",*"), null);
            if (names.isEmpty()) {
                return null;
            }
            if (names.size() > 1) {
                throw new IllegalStateException("more than one Debezium " + context + " MBean for topic.prefix "
                        + topicPrefix + ": " + names);
            }
            return server.getAttribute(names.iterator().next(), name);
        } catch (InstanceNotFoundException e) {
            return null; // the task stopped between the query and the read
        } catch (JMException e) {
            throw new IllegalStateException("Debezium " + context + " metric " + name, e);
        }
    }

    public boolean isTrue(String context, String name) {
        return Boolean.TRUE.equals(attribute(context, name));
    }

    /** A numeric attribute; -1 while there is no MBean. */
    public long number(String context, String name) {
        Object value = attribute(context, name);
        return value == null ? -1 : ((Number) value).longValue();
    }

    /** The snapshot's rows read so far per table ("schema.table"), whether the MBean is an MXBean or a plain one. */
    public Map<String, Long> rowsScanned() {
        Object value = attribute("snapshot", "RowsScanned");
        Map<String, Long> scanned = new TreeMap<>();
        if (value instanceof TabularData table) {
            for (Object row : table.values()) {
                CompositeData entry = (CompositeData) row;
                scanned.put(entry.get("key").toString(), ((Number) entry.get("value")).longValue());
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> scanned.put(k.toString(), ((Number) v).longValue()));
        }
        return scanned;
    }

    public Set<String> capturedTables() {
        Object tables = attribute("streaming", "CapturedTables");
        return tables == null ? Set.of() : Set.of((String[]) tables);
    }

    /**
     * One line on a running snapshot (initial or incremental): tables done of all, rows read in total and per table,
     * seconds so far; null when no snapshot runs. {@code estimates} (rows per "schema.table", e.g. PostgreSQL's
     * {@code reltuples}; asked for only while a snapshot runs) add "of ~N" to a table, as far as they are known. E.g. {@code snapshot running: 1 of 2 tables
     * done, 1,250,000 rows read (public.customers 250,000 of ~250,000, public.orders 1,000,000 of ~5,000,000), 42 s}.
     */
    public String snapshotProgress(Supplier<Map<String, Long>> tableEstimates) {
        if (!isTrue("snapshot", "SnapshotRunning")) {
            return null;
        }
        Map<String, Long> estimates = tableEstimates.get();
        long total = number("snapshot", "TotalTableCount");
        long remaining = number("snapshot", "RemainingTableCount");
        Map<String, Long> rows = rowsScanned();
        long sum = rows.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder perTable = new StringBuilder();
        rows.forEach((table, n) -> {
            perTable.append(perTable.isEmpty() ? "" : ", ").append(table).append(String.format(" %,d", n));
            Long estimate = estimates.get(table);
            if (estimate != null && estimate > 0) {
                perTable.append(String.format(" of ~%,d", estimate));
            }
        });
        return String.format("snapshot running: %d of %d tables done, %,d rows read%s, %d s", Math.max(0, total
                - remaining), total, sum, perTable.isEmpty() ? "" : " (" + perTable + ")",
                number("snapshot", "SnapshotDurationInSeconds"));
    }
}
