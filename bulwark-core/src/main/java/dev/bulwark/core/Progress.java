package dev.bulwark.core;

/**
 * Reports progress of long work (downloads, builds). The CLI draws a bar on a terminal and plain lines otherwise;
 * libraries only call these methods. Implementations must be thread-safe: parallel downloads report at once.
 */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void begin(String task, long total) {
        }

        @Override
        public void advance(long amount) {
        }

        @Override
        public void end(String summary) {
        }
    };

    /** Progress that hands each {@link #info} line to {@code lines} and ignores the rest. */
    static Progress lines(java.util.function.Consumer<String> lines) {
        return new Progress() {
            @Override
            public void begin(String task, long total) {
            }

            @Override
            public void advance(long amount) {
            }

            @Override
            public void end(String summary) {
            }

            @Override
            public void info(String line) {
                lines.accept(line);
            }
        };
    }

    /** A task of {@code total} units starts (bytes for downloads; -1 when unknown). */
    void begin(String task, long total);

    void advance(long amount);

    /** The current task ended; {@code summary} says what it did. */
    void end(String summary);

    /** A plain informational line; by default ignored. */
    default void info(String line) {
    }

    /** A line about one item of the current task (a blob pushed); shown only when asked for detail (--verbose). */
    default void detail(String line) {
    }
}
