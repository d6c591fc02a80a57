package io.github.cdcbundle.configprovider;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * A test connector that hands its config to its task unchanged and records, per connector name, the config each task
 * was started with (the worker resolves placeholders before that), so WorkerTest can see what a task received.
 */
public class EchoSourceConnector extends SourceConnector {
    static final Map<String, Map<String, String>> STARTED_TASK_CONFIGS = new ConcurrentHashMap<>();
    static final AtomicInteger TASK_STARTS = new AtomicInteger();
    static final AtomicInteger TASK_CONFIG_CALLS = new AtomicInteger();

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return EchoTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        TASK_CONFIG_CALLS.incrementAndGet();
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "test";
    }

    /** Records its config and idles until stopped. */
    public static class EchoTask extends SourceTask {
        private final CountDownLatch stopped = new CountDownLatch(1);

        @Override
        public void start(Map<String, String> props) {
            STARTED_TASK_CONFIGS.put(props.get("name"), Map.copyOf(props));
            TASK_STARTS.incrementAndGet();
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            // Waits on the stop signal rather than spinning: Connect calls poll() in a loop.
            stopped.await(200, TimeUnit.MILLISECONDS);
            return null;
        }

        @Override
        public void stop() {
            stopped.countDown();
        }

        @Override
        public String version() {
            return "test";
        }
    }
}
