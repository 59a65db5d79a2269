package dev.bulwark.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedInputStreamTest {
    @TempDir
    Path tmp;

    @Test
    void exactly_readsTheWindowAndLeavesTheRestInTheSource() throws Exception {
        InputStream source = new ByteArrayInputStream(bytes("abcdefgh"));
        BoundedInputStream window = BoundedInputStream.exactly(source, 3, () -> new EOFException("short"));
        assertThat(new String(window.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(window.read()).isEqualTo(-1);
        assertThat(window.remaining()).isZero();
        assertThat(new String(source.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("defgh");
    }

    @Test
    void exactly_sourceEndingEarly_throwsTheCallersException() {
        BoundedInputStream window = BoundedInputStream.exactly(new ByteArrayInputStream(bytes("ab")), 5,
                () -> new EOFException("truncated: the member ends early"));
        assertThatThrownBy(window::readAllBytes).isInstanceOf(EOFException.class)
                .hasMessage("truncated: the member ends early");
    }

    @Test
    void atMost_sourceEndingEarly_endsToo() throws Exception {
        BoundedInputStream window = BoundedInputStream.atMost(new ByteArrayInputStream(bytes("ab")), 5);
        assertThat(window.readAllBytes()).hasSize(2);
    }

    @Test
    void skipRest_readsEveryByteOfTheWindow() throws Exception {
        AtomicLong seen = new AtomicLong();
        InputStream source = new ByteArrayInputStream(new byte[200_000]);
        BoundedInputStream window = BoundedInputStream.exactly(source, 150_000, () -> new EOFException("short"))
                .reporting(seen::addAndGet);
        window.read(new byte[10]);
        window.skipRest();
        assertThat(seen.get()).isEqualTo(150_000);
        assertThat(source.available()).isEqualTo(50_000);
    }

    @Test
    void exactlyOfFile_readsItsRangeWhateverTheChannelPosition() throws Exception {
        Path file = tmp.resolve("f");
        Files.write(file, bytes("0123456789"));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(9);
            BoundedInputStream window = BoundedInputStream.exactly(channel, 2, 4, () -> new EOFException("short"));
            assertThat(new String(window.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("2345");
            assertThat(channel.position()).isEqualTo(9);
            BoundedInputStream past = BoundedInputStream.exactly(channel, 8, 4, () -> new EOFException("file ends"));
            assertThatThrownBy(past::readAllBytes).hasMessage("file ends");
        }
    }

    @Test
    void close_leavesTheSourceOpenUnlessAskedToCloseIt() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream source = new ByteArrayInputStream(bytes("abc")) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        BoundedInputStream.atMost(source, 2).close();
        assertThat(closed).isFalse();
        BoundedInputStream.atMost(source, 2).closingSource().close();
        assertThat(closed).isTrue();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
