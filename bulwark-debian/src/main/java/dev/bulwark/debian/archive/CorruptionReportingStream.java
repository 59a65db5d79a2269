package dev.bulwark.debian.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Wraps a decompressing stream so that corrupt data is reported with the index it came from. */
final class CorruptionReportingStream extends FilterInputStream {
    private final String name;

    CorruptionReportingStream(InputStream in, String name) {
        super(in);
        this.name = name;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw wrap(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw wrap(e);
        }
    }

    private IOException wrap(IOException e) {
        if (e instanceof CorruptData) {
            return e;
        }
        return new CorruptData("cannot read index " + name + ": corrupt or truncated compressed data ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }

    /** Corrupt compressed data, with a message that already names the index and says what is wrong. */
    static final class CorruptData extends IOException {
        CorruptData(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** The message to show for a failure reading an index: a {@link CorruptData}'s own, else one naming the index. */
    static String describe(IOException e, String name) {
        return e instanceof CorruptData ? e.getMessage() : "cannot read index " + name + ": " + e;
    }
}
