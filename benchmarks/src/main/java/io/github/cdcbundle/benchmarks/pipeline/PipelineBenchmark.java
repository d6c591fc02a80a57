package io.github.cdcbundle.benchmarks.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdcbundle.e2e.ConnectorFiles;
import io.github.cdcbundle.e2e.Pipeline;
import io.github.cdcbundle.testkit.ConnectRest;
import io.github.cdcbundle.testkit.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The whole pipeline measured on this machine (benchmarks/pipeline.sh): PostgreSQL → Debezium → Kafka → our S3 sink →
 * S3, all real, the connectors registered from connectors/*.json as shipped (exactly-once on). Three phases:
 * <ul>
 *   <li>throughput: N changes loaded while the source connector is paused, then the time from resume until S3 holds
 *   all N; side by side, pg_recvlogical decoding the same WAL range with pgoutput and the same publication from a
 *   second slot created at the same point. The ratio is the headline.</li>
 *   <li>latency: a steady load (default 1,000 changes/s) under a named profile (connectors/profiles/), the time from
 *   each row's COMMIT to its object being listed in S3.</li>
 *   <li>snapshot: the initial snapshot of an M-row table, rows in S3 per second, progress printed as it goes.</li>
 * </ul>
 * Not a test: it asserts nothing, it reports.
 */
public final class PipelineBenchmark {
    private static final String SOURCE = "debezium-postgres";
    private static final String SINK = "s3-sink";

    private final Path root;
    private final Map<String, String> options;

    private PipelineBenchmark(Path root, Map<String, String> options) {
        this.root = root;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("changes", "1000000");
        options.put("chunk", "100000");
        options.put("latency-seconds", "60");
        options.put("rate", "1000");
        options.put("latency-profiles", "low-latency");
        options.put("profile", "shipped");
        options.put("snapshot-rows", "5000000");
        options.put("phases", "throughput,latency,snapshot");
        options.put("jfr", "");
        options.put("tables", "1");
        options.put("connectors", "1");
        options.put("sink-tasks", "shipped");
        for (int i = 0; i < args.length; i++) {
            String key = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!options.containsKey(key) || i + 1 >= args.length) {
                System.err.println("usage: pipeline.sh [--changes N] [--chunk N] [--latency-seconds S] [--rate R] "
                        + "[--latency-profiles shipped,low-latency] [--profile NAME|FILE.json] [--snapshot-rows M] "
                        + "[--phases throughput,latency,snapshot] [--jfr FILE.jfr] [--tables N] [--connectors K] "
                        + "[--sink-tasks T]");
                System.exit(2);
            }
            options.put(key, args[++i]);
        }
        Path root = Path.of(System.getProperty("cdc.root", ".")).toAbsolutePath().normalize();
        new PipelineBenchmark(root, options).run();
        // the worker's and S3Proxy's non-daemon threads outlive close(); the report is out, so end here
        System.exit(0);
    }

    private long number(String key) {
        return Long.parseLong(options.get(key).replace("_", "").replace(",", ""));
    }

    private void run() throws Exception {
        Set<String> phases = Set.of(options.get("phases").split(","));
        say("options " + options + "; " + Runtime.getRuntime().availableProcessors() + " cores visible");
        List<String> report = new ArrayList<>();
        if (phases.contains("throughput") || phases.contains("latency")) {
            Sources sources = Sources.of((int) number("tables"), (int) number("connectors"), SOURCE);
            Path work = Files.createTempDirectory("cdc-bench-");
            try (Pipeline pipeline = start(work, sources.first().tableList(), sources.ddl())) {
                sources.createPublications(pipeline);
                long nextId = 1;
                if (phases.contains("throughput")) {
                    nextId = throughput(pipeline, sources, report);
                }
                if (phases.contains("latency")) {
                    // the steady load goes to the first table only, watched by the first connector
                    for (String profile : options.get("latency-profiles").split(",")) {
                        nextId = latency(pipeline, sources.tables.get(0), profile, nextId, report);
                    }
                }
            } finally {
                delete(work);
            }
        }
        if (phases.contains("snapshot")) {
            Path work = Files.createTempDirectory("cdc-bench-snap-");
            try {
                snapshot(work, report);
            } finally {
                delete(work);
            }
        }
        say("REPORT\n" + String.join("\n", report));
    }

    /** The stack with {@code ddl}'s tables; the pipeline's own publication and .env cover {@code captured}. */
    private Pipeline start(Path work, String captured, List<String> ddl) {
        say("starting PostgreSQL, Kafka, Kafka Connect and S3 ...");
        Pipeline.Layout layout = new Pipeline.Layout(root.resolve("connect-image/target/plugins"),
                root.resolve("connectors"), work.resolve("s3"), work);
        return Pipeline.start(layout, captured, ddl);
    }

    private ConnectorFiles.Connector shipped(String name) {
        return ConnectorFiles.read(root.resolve("connectors").resolve(name + ".json"));
    }

    /**
     * The shipped connector with --profile's overrides, and for the sink --sink-tasks: what every phase registers
     * (latency profiles go on top).
     */
    private ConnectorFiles.Connector configured(String name) throws IOException {
        ConnectorFiles.Connector c = shipped(name).with(profile(options.get("profile")).getOrDefault(name, Map.of()));
        String sinkTasks = options.get("sink-tasks");
        return name.equals(SINK) && !sinkTasks.equals("shipped") ? c.with(Map.of("tasks.max", sinkTasks)) : c;
    }

    // ---------------------------------------------------------------- throughput

    private long throughput(Pipeline pipeline, Sources sources, List<String> report) throws Exception {
        long changes = number("changes");
        long chunk = number("chunk");
        ConnectorFiles.Connector source = configured(SOURCE);
        ConnectorFiles.Connector sink = configured(SINK);
        sources.createTopics(pipeline, source.config());
        for (Sources.Source s : sources.sources) {
            pipeline.register(sources.connector(s, source));
        }
        pipeline.register(sink);
        sources.awaitSinkAssigned(pipeline, SINK, Integer.parseInt(source.config()
                .get("topic.creation.default.partitions")));
        // Every slot now exists and starts before the load: the same WAL range for every reader.
        for (Sources.Source s : sources.sources) {
            RawDecoding.createSlot(pipeline.postgres, Pipeline.DATABASE, s.rawSlot());
        }
        if (sources.several()) {
            RawDecoding.createSlot(pipeline.postgres, Pipeline.DATABASE, Sources.ALL_RAW_SLOT);
        }
        // Paused, Debezium reads at most its queue (max.queue.size) ahead; the rest waits in the WAL, so after resume
        // the pipeline works through a backlog as pg_recvlogical does.
        for (Sources.Source s : sources.sources) {
            setState(pipeline.rest(), s.connector(), "pause", "PAUSED");
        }
        String startLsn = RawDecoding.currentLsn(pipeline.postgres, Pipeline.DATABASE);
        long loadStart = System.nanoTime();
        long tableChunk = Math.min(chunk, Math.max(1, changes / sources.tables.size()));
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement()) {
            for (String sql : BenchTable.load(sources.tables, changes, tableChunk)) {
                s.executeUpdate(sql);
            }
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        String endLsn = RawDecoding.currentLsn(pipeline.postgres, Pipeline.DATABASE);
        say(String.format("loaded %,d changes into %d tables in %.1f s (%s .. %s); resuming %d source connector(s)",
                changes, sources.tables.size(), loadSeconds, startLsn, endLsn, sources.sources.size()));

        int flushSize = Integer.parseInt(sink.config().get("flush.size"));
        String jfr = options.get("jfr");
        double loadBefore = loadAverage();
        HeapWatch heap = new HeapWatch();
        double walsenderBefore = walsenderCpu(pipeline, sources);
        CpuAccounting cpu = new CpuAccounting(jfr.isEmpty() ? null : Path.of(jfr).toAbsolutePath());
        long t0 = System.nanoTime();
        for (Sources.Source s : sources.sources) {
            setState(pipeline.rest(), s.connector(), "resume", "RUNNING");
        }
        try (LakeWatch lake = new LakeWatch(pipeline.s3.client(), Pipeline.BUCKET,
                sources.keyPrefix("cdc", pipeline), null)) {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(Math.max(300, changes / 500));
            double[] walsenderMax = {0};
            LakeWatch.Arrival arrival = lake.awaitRows(changes, flushSize, t0, deadline, "changes",
                    (now, rows) -> {
                        walsenderMax[0] = Math.max(walsenderMax[0], walsenderCpu(pipeline, sources));
                        heap.sample();
                    },
                    (now, rows) -> say(String.format("  %5.1f s: %,d changes in S3 (%,d objects)", (now - t0) / 1e9,
                            rows, lake.objects())));
            double walsenderCpu = walsenderMax[0];
            double bulkSeconds = arrival.bulkSeconds();
            double allSeconds = arrival.allSeconds();
            String profile = cpu.stop(changes);
            double processCpuPerMillion = cpu.processSecondsPerMillion();
            double loadAfter = loadAverage();
            HeapWatch.Figures memory = heap.stop();
            double pipelineRate = changes / allSeconds;
            double bulkRate = changes / bulkSeconds;
            say(String.format("pipeline: all %,d changes in S3 after %.1f s (%,.0f changes/s); all but the last "
                    + "%,d after %.1f s (%,.0f changes/s); %,d objects, %,d MB", changes, allSeconds,
                    pipelineRate, flushSize, bulkSeconds, bulkRate, lake.objects(), lake.bytes() >> 20));

            Raw raw = rawDecoding(pipeline, sources, endLsn);
            double rawRate = changes / raw.seconds;
            String shape = String.format("%d table(s), %d source connector(s), sink tasks.max %s",
                    sources.tables.size(), sources.sources.size(), sink.config().get("tasks.max"));
            report.add(String.format("## throughput: %,d changes (60/30/10 %% insert/update/delete, %d columns, "
                    + "statements of %,d changes) into %s, loaded in %.1f s; profile %s", changes, BenchTable.COLUMNS,
                    tableChunk, shape, loadSeconds, options.get("profile")));
            report.add("| reader | seconds | changes/s | ratio to pg_recvlogical |\n| --- | ---: | ---: | ---: |");
            report.add(String.format("| %s | %.1f | %,.0f | 1.000 |", raw.label, raw.seconds, rawRate));
            report.addAll(raw.extraRows);
            report.add(String.format("| pipeline, resume → all in S3 | %.1f | %,.0f | **%.3f** |", allSeconds,
                    pipelineRate, pipelineRate / rawRate));
            report.add(String.format("| pipeline, resume → all but the last %,d (flush.size) in S3 | %.1f | %,.0f | "
                    + "%.3f |", flushSize, bulkSeconds, bulkRate, bulkRate / rawRate));
            double waitRate = arrival.beforeWaitRows() / arrival.beforeWaitSeconds();
            report.add(String.format("| pipeline, resume → the %,d changes in S3 before the final wait (S3 not growing "
                    + "for %d s or more: partial objects held for the sink's schedule) | %.1f | %,.0f | %.3f |",
                    arrival.beforeWaitRows(), LakeWatch.FINAL_WAIT_SECONDS, arrival.beforeWaitSeconds(), waitRate,
                    waitRate / rawRate));
            report.add(String.format("PostgreSQL CPU: the pipeline's walsender(s) %.1f s; pg_recvlogical's "
                    + "walsender(s) %.1f s and pg_recvlogical itself %.1f s", walsenderCpu - walsenderBefore,
                    raw.walsenderCpu, raw.clientCpu));
            report.add(memory.toString());
            report.add(String.format("load average (1 min) %.2f at resume → %.2f at the end", loadBefore, loadAfter));
            report.add(profile);
            report.add(String.format("SCALE | %d | %d | %s | %.2f → %.2f | %,.0f | %.1f / %,.0f / %.3f "
                    + "| %,d in %.1f s / %,.0f / %.3f | %d / %d / %d | %d | %.0f |", sources.tables.size(),
                    sources.sources.size(), sink.config().get("tasks.max"), loadBefore, loadAfter, rawRate,
                    allSeconds, pipelineRate, pipelineRate / rawRate, arrival.beforeWaitRows(),
                    arrival.beforeWaitSeconds(), waitRate, waitRate / rawRate,
                    memory.liveBefore(), memory.liveAfter(), memory.sampledMax(), memory.peakRss(),
                    processCpuPerMillion));
        }
        return BenchTable.insertsOf(changes / sources.tables.size() + changes % sources.tables.size(), tableChunk) + 1;
    }

    /** What pg_recvlogical took over the same WAL range, as the reference row(s) of the report. */
    private record Raw(String label, double seconds, double clientCpu, double walsenderCpu, List<String> extraRows) {
    }

    /**
     * One connector: pg_recvlogical on its second slot. K connectors: K pg_recvlogical at once, each on its
     * connector's second slot and publication (the wall time until the last ends is the reference, since the
     * pipeline's K connectors also run at once); then, for comparison, one pg_recvlogical over a publication of all
     * tables, as a single slot would decode them.
     */
    private static Raw rawDecoding(Pipeline pipeline, Sources sources, String endLsn) throws Exception {
        Duration timeout = Duration.ofMinutes(30);
        List<Sources.Source> list = sources.sources;
        say("pg_recvlogical from slot(s) " + list.stream().map(Sources.Source::rawSlot).toList() + " to " + endLsn
                + " ...");
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(list.size());
        List<RawDecoding.Result> results = new ArrayList<>();
        try {
            List<Future<RawDecoding.Result>> running = new ArrayList<>();
            for (Sources.Source s : list) {
                running.add(pool.submit(() -> RawDecoding.decode(pipeline.postgres, Pipeline.DATABASE, s.rawSlot(),
                        s.publication(), endLsn, timeout)));
            }
            for (Future<RawDecoding.Result> f : running) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double client = results.stream().mapToDouble(RawDecoding.Result::clientCpuSeconds).sum();
        double walsender = results.stream().mapToDouble(RawDecoding.Result::walsenderCpuSeconds).sum();
        if (!sources.several()) {
            return new Raw("pg_recvlogical (pgoutput, same publication, /dev/null)", seconds, client, walsender,
                    List.of());
        }
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            extra.add(String.format("| … of which slot %s (%d tables), its own time | %.1f | | |",
                    list.get(i).rawSlot(), list.get(i).tables().size(), results.get(i).seconds()));
        }
        say("pg_recvlogical from slot " + Sources.ALL_RAW_SLOT + " (all tables, one slot) ...");
        RawDecoding.Result all = RawDecoding.decode(pipeline.postgres, Pipeline.DATABASE, Sources.ALL_RAW_SLOT,
                Sources.ALL_PUBLICATION, endLsn, timeout);
        extra.add(String.format("| (one pg_recvlogical, one slot over all %d tables) | %.1f | | |",
                sources.tables.size(), all.seconds()));
        return new Raw(String.format("%d × pg_recvlogical at once, one per connector's publication, /dev/null",
                list.size()), seconds, client, walsender, extra);
    }

    private static double walsenderCpu(Pipeline pipeline, Sources sources) {
        double sum = 0;
        for (Sources.Source s : sources.sources) {
            sum += RawDecoding.ProcCpu.seconds(RawDecoding.activePid(pipeline.postgres, Pipeline.DATABASE, s.slot()));
        }
        return sum;
    }

    /** The 1-minute load average of the machine (/proc/loadavg), -1 where unreadable. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void setState(ConnectRest rest, String connector, String action, String expected) {
        ConnectRest.Response response = rest.send("PUT", "connectors/" + connector + "/" + action, null);
        if (response.status() >= 300) {
            throw new IllegalStateException(action + " " + connector + ": HTTP " + response.status());
        }
        Poll.untilTrue(connector + " " + expected, Duration.ofSeconds(60), () -> {
            JsonNode status = rest.send("GET", "connectors/" + connector + "/status", null).json();
            if (!expected.equals(status.path("connector").path("state").asText())) {
                return false;
            }
            for (JsonNode task : status.path("tasks")) {
                if (!expected.equals(task.path("state").asText())) {
                    return false;
                }
            }
            return true;
        });
    }

    // ---------------------------------------------------------------- latency

    /**
     * connectors/profiles/NAME.json, or a file of the same shape given by its path (ending in .json): per connector,
     * the settings that override the shipped file.
     */
    private Map<String, Map<String, String>> profile(String name) {
        if (name.equals("shipped")) {
            return new LinkedHashMap<>();
        }
        Path path = name.endsWith(".json") ? Path.of(name) : root.resolve("connectors/profiles").resolve(name + ".json");
        return ConnectorFiles.profile(path).overrides();
    }

    private long latency(Pipeline pipeline, BenchTable table, String profileName, long firstId, List<String> report)
            throws Exception {
        int rate = (int) number("rate");
        long seconds = number("latency-seconds");
        Map<String, Map<String, String>> profile = profile(profileName);
        for (String name : List.of(SOURCE, SINK)) {
            pipeline.register(configured(name).with(profile.getOrDefault(name, Map.of())));
        }
        say("latency with profile " + profileName + " " + profile + ": " + rate + " changes/s for " + seconds + " s");
        // One transaction every 100 ms of rate/10 changes, same mix as the throughput load.
        int perCommit = Math.max(1, rate / 10);
        AtomicLong nextId = new AtomicLong(firstId);
        AtomicLong written = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Histogram latencies = new Histogram();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement();
                LakeWatch lake = new LakeWatch(pipeline.s3.client(), Pipeline.BUCKET, "cdc",
                        pipeline.topic(table.name()), latencies)) {
            c.setAutoCommit(false);
            writer.scheduleAtFixedRate(() -> {
                try {
                    long id = nextId.get();
                    for (String sql : table.steadyBatch(id, perCommit)) {
                        s.executeUpdate(sql);
                    }
                    c.commit();
                    nextId.set(id + BenchTable.insertsOf(perCommit, perCommit));
                    written.addAndGet(perCommit);
                } catch (SQLException e) {
                    failure.compareAndSet(null, e);
                    throw new IllegalStateException(e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            // Warm-up: the connectors (re)start after the PUT and the JIT compiles, while the writer already runs,
            // so S3 first works off a backlog. Steady state is S3 within two seconds' worth of rows of what is
            // committed (the low-latency profile rotates every second); measure from 5 s after that, for the given
            // seconds. (Measuring from the first rows in S3 instead put the tail of that backlog into the
            // percentiles: a 3-10 s "stall" at the start, more under load.)
            Poll.untilTrue("the first steady-load rows in S3", Duration.ofSeconds(120), () -> lake.look() > 0);
            Poll.untilTrue("S3 to catch up with the steady load", Duration.ofSeconds(120),
                    () -> written.get() - lake.look() <= 2L * rate);
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
            lake.measureFrom(System.currentTimeMillis());
            long t0 = System.nanoTime();
            long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
            long nextReport = t0;
            // The writer stops at the end; then S3 gets until the schedule rotation plus a margin to catch up.
            long rotation = Long.parseLong(configured(SINK).with(profile.getOrDefault(SINK, Map.of())).config()
                    .get("rotate.schedule.interval.ms"));
            long deadline = end + TimeUnit.MILLISECONDS.toNanos(rotation) + TimeUnit.SECONDS.toNanos(60);
            boolean stopped = false;
            while (true) {
                long rows = lake.look();
                long now = System.nanoTime();
                if (!stopped && now >= end) {
                    writer.shutdown();
                    writer.awaitTermination(10, TimeUnit.SECONDS);
                    stopped = true;
                }
                if (failure.get() != null) {
                    throw failure.get();
                }
                if (stopped && rows >= written.get()) {
                    break;
                }
                if (now > deadline) {
                    throw new IllegalStateException(String.format("S3 held %,d of %,d changes", rows, written.get()));
                }
                if (now >= nextReport) {
                    say(String.format("  %5.1f s: %,d changes committed, %,d in S3; p50 so far %d ms",
                            (now - t0) / 1e9, written.get(), rows, latencies.percentile(50)));
                    nextReport = now + TimeUnit.SECONDS.toNanos(10);
                }
                // S3 is listed every 100 ms: that is the resolution of the latencies below.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            report.add(String.format("## latency, profile %s: %,d changes at %d changes/s for %d s (%d per commit), "
                    + "COMMIT → object listed in S3 (listed every 100 ms; rows committed after a warm-up)", profileName,
                    written.get(), rate, seconds,
                    perCommit));
            report.add(String.format("| p50 | p90 | p99 | max | rows |%n| ---: | ---: | ---: | ---: | ---: |%n"
                    + "| %d ms | %d ms | %d ms | %d ms | %,d |", latencies.percentile(50), latencies.percentile(90),
                    latencies.percentile(99), latencies.percentile(100), latencies.count()));
            for (String slow : lake.slowObjects()) {
                report.add("slow object (a row " + LakeWatch.SLOW_MILLIS + " ms or older when listed): " + slow);
            }
        } finally {
            writer.shutdownNow();
        }
        return nextId.get();
    }

    // ---------------------------------------------------------------- snapshot

    private void snapshot(Path work, List<String> report) throws Exception {
        long rows = number("snapshot-rows");
        BenchTable table = new BenchTable("snap");
        try (Pipeline pipeline = start(work, table.qualified(), List.of(table.ddl()))) {
            long loadStart = System.nanoTime();
            try (Connection c = pipeline.postgres.connect(Pipeline.DATABASE); Statement s = c.createStatement()) {
                for (long from = 1; from <= rows; from += 500_000) {
                    s.executeUpdate(table.insert(from, Math.min(rows, from + 499_999)));
                }
                s.execute("VACUUM ANALYZE public.snap");
            }
            say(String.format("table public.snap holds %,d rows (%.1f s to load); registering the connectors", rows,
                    (System.nanoTime() - loadStart) / 1e9));
            int flushSize = Integer.parseInt(configured(SINK).config().get("flush.size"));
            String jfr = options.get("jfr");
            CpuAccounting cpu = new CpuAccounting(jfr.isEmpty() ? null : Path.of(jfr).toAbsolutePath());
            long t0 = System.nanoTime();
            pipeline.register(configured(SINK));
            pipeline.register(configured(SOURCE));
            LakeWatch.Arrival arrival;
            try (LakeWatch lake = new LakeWatch(pipeline.s3.client(), Pipeline.BUCKET, "cdc", pipeline.topic("snap"),
                    null)) {
                long deadline = t0 + TimeUnit.SECONDS.toNanos(Math.max(300, rows / 500));
                long[] last = {0, t0}; // rows and time of the previous progress line
                arrival = lake.awaitRows(rows, flushSize, t0, deadline, "rows", (now, inS3) -> { }, (now, inS3) -> {
                    double dt = (now - last[1]) / 1e9;
                    say(String.format("  snapshot %5.1f s: %,d of %,d rows in S3 (%.1f %%), %,.0f rows/s now",
                            (now - t0) / 1e9, inS3, rows, 100.0 * inS3 / rows, dt > 0 ? (inS3 - last[0]) / dt : 0));
                    last[0] = inS3;
                    last[1] = now;
                });
            }
            double bulkSeconds = arrival.bulkSeconds();
            double allSeconds = arrival.allSeconds();
            report.add(String.format("## snapshot of %,d rows (%d columns), profile %s", rows, BenchTable.COLUMNS,
                    options.get("profile")));
            report.add(String.format("| registration → all in S3 | rows/s | → all but the last partial object | rows/s |"
                    + "%n| ---: | ---: | ---: | ---: |%n| %.1f s | %,.0f | %.1f s | %,.0f |", allSeconds,
                    rows / allSeconds, bulkSeconds, rows / bulkSeconds));
            // per snapshot row: the "changes" of the CPU table are the table's rows
            report.add(cpu.stop(rows));
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void say(String line) {
        System.out.println("[pipeline-benchmark " + LocalTime.now().withNano(0) + "] " + line);
    }
}
