package dev.bulwark.cli;

import dev.bulwark.core.Progress;
import java.io.Console;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress on stderr: a redrawn bar when attached to a terminal, otherwise one line at the start and end of each
 * task, so logs stay quiet and line-oriented. Per-item lines (each blob pushed) appear only in verbose mode.
 * stdout is left to results.
 */
final class ConsoleProgress implements Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private final boolean quiet;
    private final boolean verbose;
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile String task = "";
    private volatile long lastDraw;
    private volatile boolean bytes;
    private volatile boolean drawn;

    ConsoleProgress(PrintStream out, boolean terminal, boolean quiet) {
        this(out, terminal, quiet, false);
    }

    private ConsoleProgress(PrintStream out, boolean terminal, boolean quiet, boolean verbose) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
        this.verbose = verbose;
    }

    static ConsoleProgress standard(boolean quiet) {
        return new ConsoleProgress(System.err, isTerminal(System.console()), quiet);
    }

    /** The same console, also printing per-item detail lines. */
    ConsoleProgress verbose() {
        return new ConsoleProgress(out, terminal, quiet, true);
    }

    /** Java 22 and later hand out a console even when redirected; {@code isTerminal()} then tells. */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before Java 22 a console exists only on a terminal
        }
    }

    @Override
    public synchronized void begin(String task, long total) {
        this.task = task;
        this.total = total;
        this.bytes = task.startsWith("Fetching") || task.startsWith("Pushing") || task.startsWith("Copying");
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
            int filled = total > 0 ? (int) Math.min(WIDTH, now * WIDTH / total) : 0;
            String count = bytes ? Sizes.human(now) + (total > 0 ? " / " + Sizes.human(total) : "")
                    : now + (total > 0 ? "/" + total : "");
            out.print("\r\033[K" + task + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + count);
            out.flush();
            drawn = true;
        }
    }

    /** Ends the task; an empty summary only clears the bar (when the result goes to stdout anyway). */
    @Override
    public synchronized void end(String summary) {
        if (quiet) {
            return;
        }
        clearBar();
        if (summary != null && !summary.isEmpty()) {
            out.println(summary);
        }
    }

    @Override
    public synchronized void info(String line) {
        if (!quiet) {
            clearBar();
            out.println(line);
        }
    }

    @Override
    public synchronized void detail(String line) {
        if (verbose && !quiet) {
            clearBar();
            out.println("  " + line);
        }
    }

    private void clearBar() {
        if (terminal && drawn) {
            out.print("\r\033[K");
            drawn = false;
        }
    }
}
