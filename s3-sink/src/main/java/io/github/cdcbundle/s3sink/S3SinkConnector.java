package io.github.cdcbundle.s3sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.cdcbundle.common.Version;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/** Apache-2.0 S3 sink: time-partitioned JSON lines (or raw bytes), exactly once. */
public class S3SinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.of(S3SinkConnector.class);
    }

    @Override
    public void start(Map<String, String> props) {
        new S3SinkConfig(props);
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3SinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(new HashMap<>(props));
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return S3SinkConfig.CONFIG_DEF;
    }

    /** Adds the checks that span options (both keys or none, fields for the field partitioner, ...). */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        boolean singleOptionErrors = config.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty());
        if (!singleOptionErrors) {
            for (Map.Entry<String, String> error : S3SinkConfig.crossOptionErrors(connectorConfigs).entrySet()) {
                for (ConfigValue value : config.configValues()) {
                    if (value.name().equals(error.getKey())) {
                        value.addErrorMessage(error.getValue());
                    }
                }
            }
        }
        return config;
    }
}
