package dev.bulwark.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GunzipTest {
    @Test
    void everyMember_isRead_fromASourceThatDeliversPacketsAndSaysNothingIsAvailable() throws Exception {
        byte[] first = text(20_000, 1);
        byte[] second = text(30_000, 2);
        byte[] one = gzip(first);
        byte[] both = concat(one, gzip(second));

        // What Java's decoder alone does when the first member ends with a packet: it stops there.
        try (InputStream plain = new GZIPInputStream(new Packets(both, 1400, one.length), 65536)) {
            assertThat(plain.readAllBytes()).hasSize(first.length);
        }
        try (InputStream in = Gunzip.open(new Packets(both, 1400, one.length), 65536)) {
            assertThat(in.readAllBytes()).isEqualTo(concat(first, second));
        }
    }

    @Test
    void aSingleMember_andTrailingGarbage_readAsBefore() throws Exception {
        byte[] data = text(50_000, 3);
        try (InputStream in = Gunzip.open(new Packets(gzip(data), 999, 0), 8192)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        // Bytes after the last member that are not a gzip header are ignored, as GZIPInputStream always has.
        try (InputStream in = Gunzip.open(new Packets(concat(gzip(data), "junk after the end".getBytes()), 999, 0), 8192)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    private static byte[] text(int size, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + r.nextInt(8));
        }
        return b;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * A body read off a network: at most one packet per read, no packet across offset {@code cut} (where one member
     * ends, say), and available() always 0.
     */
    private static final class Packets extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int packet;
        private final int cut;
        private int position;

        Packets(byte[] data, int packet, int cut) {
            this.bytes = new ByteArrayInputStream(data);
            this.packet = packet;
            this.cut = cut;
        }

        @Override
        public int read() {
            int b = bytes.read();
            position += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = Math.min(len, packet);
            if (position < cut) {
                n = Math.min(n, cut - position);
            }
            int read = bytes.read(b, off, n);
            position += Math.max(0, read);
            return read;
        }

        @Override
        public int available() {
            return 0;
        }
    }
}
