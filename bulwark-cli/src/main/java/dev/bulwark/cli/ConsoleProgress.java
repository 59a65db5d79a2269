package dev.bulwark.cli;

import dev.bulwark.core.Progress;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress on stderr: a redrawn bar when attached to a terminal, otherwise one line at the start and end of each
 * task, so logs stay quiet and line-oriented. stdout is left to results.
 */
final class ConsoleProgress implements Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final boolean quiet;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile String task = "";
    private volatile long lastDraw;
    private volatile boolean bytes;

    ConsoleProgress(PrintStream out, boolean terminal, boolean quiet) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    static ConsoleProgress standard(boolean quiet) {
        return new ConsoleProgress(System.err, System.console() != null, quiet);
    }

    @Override
    public synchronized void begin(String task, long total) {
        this.task = task;
        this.total = total;
        this.bytes = task.startsWith("Fetching");
        done.set(0);
        if (!quiet && !terminal) {
            out.println(task + " …");
        }
    }

    @Override
    public void advance(long amount) {
        long now = done.addAndGet(amount);
        if (quiet || !terminal) {
            return;
        }
        long t = System.nanoTime();
        if (t - lastDraw < 100_000_000L && now < total) {
            return;
        }
        lastDraw = t;
        synchronized (this) {
            int width = 30;
            int filled = total > 0 ? (int) Math.min(width, now * width / total) : 0;
            out.print("\r" + task + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                    + (bytes ? Sizes.human(now) + (total > 0 ? " / " + Sizes.human(total) : "") : now + (total > 0 ? "/" + total : "")) + "   ");
            out.flush();
        }
    }

    @Override
    public synchronized void end(String summary) {
        if (quiet) {
            return;
        }
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(summary);
    }

    @Override
    public void info(String line) {
        if (!quiet) {
            out.println(line);
        }
    }
}
