package dev.bulwark.debian.deb;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * xz decompression by the system's {@code xz} (liblzma), several times faster than the pure-Java decoder and able to
 * use every core on multi-block files such as Debian's large packages. The compressed bytes are fed to its stdin by a
 * helper thread; a non-zero exit (corrupt data, bad checksum) fails the read. xz checks the stream's own checksum,
 * and the {@code .deb} was verified by SHA-256 before, so nothing unverified is used.
 */
public final class XzProcessStream extends FilterInputStream {
    /**
     * Members below this size are decoded in-process: starting a process would cost more than it saves. Measured on
     * trixie members (CPU per decode, JIT warm): 23 KiB xz 3 ms vs Java 16 ms, 296 KiB 28 vs 58 ms, 884 KiB 66 vs
     * 102 ms; the Java decoder also allocates the whole dictionary up front, so the break-even sits far lower.
     */
    static final long MIN_SIZE = 16 << 10;
    private static final String XZ = find();

    private final Process process;
    private final Thread feeder;
    private volatile IOException feedFailure;
    private boolean done;

    private XzProcessStream(Process process, InputStream compressed) {
        super(process.getInputStream());
        this.process = process;
        this.feeder = new Thread(() -> {
            try (OutputStream in = process.getOutputStream(); compressed) {
                compressed.transferTo(in);
            } catch (IOException e) {
                feedFailure = e;
            }
        }, "bulwark-xz-feed");
        feeder.setDaemon(true);
        feeder.start();
    }

    /**
     * A decoder of {@code compressed} ({@code size} bytes of xz data): the system xz for data worth a process, else
     * the in-process decoder. Both check the stream's own checksum.
     */
    public static InputStream decoding(InputStream compressed, long size, int memoryLimitKib) throws IOException {
        return size >= MIN_SIZE && installed() ? start(compressed, memoryLimitKib)
                : new org.tukaani.xz.XZInputStream(compressed, memoryLimitKib);
    }

    /** Whether the system xz can be used. */
    static boolean installed() {
        return XZ != null;
    }

    static XzProcessStream start(InputStream compressed, int memoryLimitKib) throws IOException {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ProcessBuilder pb = new ProcessBuilder(List.of(XZ, "--decompress", "--stdout", "--threads=" + threads,
                "--memlimit-decompress=" + memoryLimitKib + "KiB", "--quiet"))
                .redirectError(ProcessBuilder.Redirect.PIPE);
        pb.environment().remove("XZ_OPT"); // our options only
        pb.environment().remove("XZ_DEFAULTS");
        Process p = pb.start();
        return new XzProcessStream(p, compressed);
    }

    @Override
    public int read() throws IOException {
        return checkedAtEnd(in.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return checkedAtEnd(in.read(b, off, len));
    }

    /** Passes {@code n} on; at the end of xz's output, first fails if xz said the data was bad. */
    private int checkedAtEnd(int n) throws IOException {
        if (n < 0 && !done) {
            done = true;
            checkExit();
        }
        return n;
    }

    private void checkExit() throws IOException {
        try {
            int code = process.waitFor();
            feeder.join();
            if (code != 0) { // xz's own verdict first: a broken pipe to it is only a consequence
                String why = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                throw new IOException("corrupt xz data (xz: " + (why.isEmpty() ? "exit " + code : why) + ")");
            }
            if (feedFailure != null) {
                throw feedFailure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decompressing", e);
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        in.close();
    }

    private static String find() {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "xz");
            if (candidate.isAbsolute() && Files.isExecutable(candidate)) { // never ./xz from an empty PATH entry
                return candidate.toString();
            }
        }
        return null;
    }
}
