package dev.bulwark.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/**
 * gzip decoding that reads every member of a multi-member stream (pigz and eStargz layers, concatenated .gz files)
 * whatever its source. Java's {@link GZIPInputStream} looks for a next member only when its source says bytes are
 * {@link InputStream#available() available}: a network body or a bounded stream says 0 between packets, and the
 * stream then ends early after the first member, depending on timing.
 */
public final class Gunzip {
    private Gunzip() {
    }

    /** Decodes {@code in}, every member of it, with a {@code buffer}-byte input buffer. */
    public static GZIPInputStream open(InputStream in, int buffer) throws IOException {
        return new GZIPInputStream(new MemberBoundary(in), buffer);
    }

    /**
     * A source whose {@code available()} is above 0 exactly when a byte follows: when none is buffered it waits for
     * one, which is what the decoder asks at the end of a member, and only there.
     */
    private static final class MemberBoundary extends PushbackInputStream {
        MemberBoundary(InputStream in) {
            super(in, 1);
        }

        @Override
        public int available() throws IOException {
            int known = super.available();
            if (known > 0) {
                return known;
            }
            int next = read();
            if (next < 0) {
                return 0;
            }
            unread(next);
            return 1;
        }
    }
}
