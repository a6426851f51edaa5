package io.callscribe.job;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log event of this JVM while open, as text (logger, level, message and the stack trace of
 * any exception), from an appender added to the root logger. Loggers the configuration holds at
 * WARN (Kafka, Flink) log at INFO meanwhile, as on a cluster with Flink's own log configuration,
 * so their configuration dumps and lifecycle lines are scanned too. Close restores the levels.
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    /** One event as text. */
    record Line(String logger, Level level, String text) {}

    private final List<Line> lines = new ArrayList<>();
    private final Map<LoggerConfig, Level> levelsBefore = new HashMap<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    private LogCapture() {
        super("test-log-capture", null, null, true, Property.EMPTY_ARRAY);
    }

    static LogCapture atInfo() {
        LogCapture capture = new LogCapture();
        capture.start();
        Configuration config = capture.context.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) {
            if (logger.getLevel().isMoreSpecificThan(Level.WARN)) {
                capture.levelsBefore.put(logger, logger.getLevel());
                logger.setLevel(Level.INFO);
            }
        }
        config.getRootLogger().addAppender(capture, Level.ALL, null);
        capture.context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder text = new StringBuilder(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace);
        }
        Line line = new Line(event.getLoggerName(), event.getLevel(), text.toString());
        synchronized (lines) {
            lines.add(line);
        }
    }

    List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(getName());
        levelsBefore.forEach(LoggerConfig::setLevel);
        context.updateLoggers();
        stop();
    }
}
