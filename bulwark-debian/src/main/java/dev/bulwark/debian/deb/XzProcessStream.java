package dev.bulwark.debian.deb;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
    /**
     * Members from this size on are decoded with several threads. Only an xz stream of several blocks decodes in
     * parallel, and xz's threaded encoder cuts blocks of 24 MiB of input (at -6), which takes about this many
     * compressed bytes; a member with one block gains nothing from threads, and the threaded decoder's extra copy of
     * every output byte cost about 0.1 s of CPU over a python3 image's 29 members.
     */
    static final long THREADS_FROM = 6L << 20;

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
        if (size >= MIN_SIZE && installed()) {
            try {
                return start(compressed, size, memoryLimitKib);
            } catch (IOException e) {
                // xz would not start (gone since it was looked up): decode in-process
            }
        }
        // The in-process decoder takes its dictionary (up to 8 MiB, zeroed on allocation) from a shared cache: a .deb
        // has two small xz members, and allocating one per member was 1% of a cold build's CPU.
        return new org.tukaani.xz.XZInputStream(compressed, memoryLimitKib, true,
                org.tukaani.xz.BasicArrayCache.getInstance());
    }

    /** Whether the system xz can be used. */
    static boolean installed() {
        return xz() != null;
    }

    static XzProcessStream start(InputStream compressed, long size, int memoryLimitKib) throws IOException {
        return new XzProcessStream(process(xz(), size, memoryLimitKib), compressed);
    }

    /** xz decoding stdin to stdout, in an empty environment (no XZ_OPT, XZ_DEFAULTS or LD_PRELOAD applies). */
    private static Process process(Path xz, long size, int memoryLimitKib) throws IOException {
        int threads = size < THREADS_FROM ? 1 : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ProcessBuilder pb = new ProcessBuilder(List.of(xz.toString(), "--decompress", "--stdout", "--threads=" + threads,
                "--memlimit-decompress=" + memoryLimitKib + "KiB", "--quiet"))
                .redirectError(ProcessBuilder.Redirect.PIPE);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LC_ALL", "C");
        return pb.start();
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

    /** Where xz may be taken from: system locations only (see {@link dev.bulwark.core.SystemTools}). */
    private static final List<Path> TRUSTED = List.of(Path.of("/usr/bin/xz"), Path.of("/bin/xz"));
    /** "bulwark" as xz -c --check=crc32 writes it: what a usable xz must decode before it is trusted. */
    private static final byte[] KNOWN = java.util.HexFormat.of().parseHex(
            "fd377a585a0000016922de360200210116000000742fe5a301000662756c"
            + "7761726b00001a1efcfe00011b0712ebd4179042990d010000000001595a");
    private static volatile Path xz;
    private static volatile boolean looked;

    /**
     * The host's xz, looked up once when first needed: a trusted system file that decodes a known stream right; null
     * when there is none (everything is decoded in Java then).
     */
    private static synchronized Path xz() {
        if (!looked) {
            Path found = null;
            boolean interrupted = false;
            for (Path candidate : TRUSTED) {
                Path real = dev.bulwark.core.SystemTools.trustedRealPath(candidate);
                if (real == null) {
                    continue;
                }
                Boolean works = decodesKnownStream(real);
                if (works == null) {
                    interrupted = true;   // no verdict: ask again next time rather than give up on xz for good
                } else if (works) {
                    found = real;
                    break;
                }
            }
            xz = found;
            looked = found != null || !interrupted;
        }
        return xz;
    }

    /** Whether {@code candidate} decodes {@link #KNOWN} to "bulwark"; null when interrupted before it could tell. */
    private static Boolean decodesKnownStream(Path candidate) {
        try {
            // the known stream has xz's default 8 MiB dictionary
            byte[] out = dev.bulwark.core.SystemTools.answer(() -> process(candidate, KNOWN.length, 64 * 1024), KNOWN, 16);
            return out != null && new String(out, StandardCharsets.US_ASCII).equals("bulwark");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
