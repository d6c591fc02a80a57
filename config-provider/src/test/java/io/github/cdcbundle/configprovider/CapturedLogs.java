package io.github.cdcbundle.configprovider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log line (message, parameters rendered, and any throwable's messages) at the given level into a
 * list, through log4j2 which backs slf4j in the tests.
 */
final class CapturedLogs extends AbstractAppender implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Level previousRoot;

    private CapturedLogs(Level level) {
        super("captured", null, null, true, Property.EMPTY_ARRAY);
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        previousRoot = config.getRootLogger().getLevel();
        start();
        config.getRootLogger().addAppender(this, Level.ALL, null);
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, level);
        context.updateLoggers();
    }

    static CapturedLogs atLevel(Level level) {
        return new CapturedLogs(level);
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                .append(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(getName());
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, previousRoot);
        Configurator.setLevel("io.github.cdcbundle.configprovider", Level.INFO);
        context.updateLoggers();
        stop();
    }
}
