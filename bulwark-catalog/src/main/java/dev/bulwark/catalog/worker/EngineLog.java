package dev.bulwark.catalog.worker;

import dev.bulwark.core.Progress;
import java.time.Duration;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The job engine's warnings (db-scheduler reports through slf4j, here java.util.logging) as one line each on the
 * worker's output — "cannot reach the database" while PostgreSQL is down, not a stack trace every poll — and the
 * same line at most once a minute.
 */
final class EngineLog extends Handler {
    /** Held: a logger configured here must not be collected and forgotten. */
    private static final Logger ENGINE = Logger.getLogger("com.github.kagkarlsson");
    private static final Duration REPEAT = Duration.ofMinutes(1);
    private final Formatter format = new SimpleFormatter();
    private final Progress out;
    private String last = "";
    private long lastAt;

    private EngineLog(Progress out) {
        this.out = out;
        setLevel(Level.WARNING);
    }

    /** Routes the engine's warnings to {@code out} until {@link #close}. */
    static EngineLog install(Progress out) {
        EngineLog handler = new EngineLog(out);
        ENGINE.setLevel(Level.WARNING);
        ENGINE.setUseParentHandlers(false);
        ENGINE.addHandler(handler);
        return handler;
    }

    @Override
    public void publish(LogRecord r) {
        if (!isLoggable(r)) {
            return;
        }
        String line = "job engine: " + format.formatMessage(r) + cause(r.getThrown());
        synchronized (this) {
            long now = System.nanoTime();
            if (line.equals(last) && now - lastAt < REPEAT.toNanos()) {
                return;
            }
            last = line;
            lastAt = now;
        }
        out.info(line);
    }

    private static String cause(Throwable t) {
        if (t == null) {
            return "";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        ENGINE.removeHandler(this);
    }
}
