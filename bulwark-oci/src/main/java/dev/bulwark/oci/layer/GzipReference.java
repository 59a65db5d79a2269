package dev.bulwark.oci.layer;

import dev.bulwark.core.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Whether this Java's zlib deflates the way the zlib that defines Bulwark's gzip layer bytes does. A gzip layer is
 * zlib's level-6 deflate ({@link GzipStream}), and zlib's output has stayed the same across its 1.2 and 1.3 releases,
 * whether a JDK bundles its own copy or links the system's. A JDK linked against another deflate (zlib-ng's
 * compatibility library, or a build with hardware deflate) writes different, equally valid bytes for the same tar, so
 * its layer digests differ from every other machine's while the diff_ids and files still match. The check compresses a
 * fixed sample through the layer's own stream (dictionaries, sync flushes and a final block) and compares its SHA-256.
 */
public final class GzipReference {
    /**
     * SHA-256 of {@link #sample()} through {@link GzipStream} with 64 KiB chunks, as zlib writes it (checked with
     * Debian 12's system zlib 1.2.13 and the zlib 1.3.2 bundled in Temurin 25).
     */
    static final String REFERENCE_SHA256 = "c33f549869837888f2420cf89152cf7a31bc0767ac3d5dded8f655b179683a9c";
    private static final int PROBE_CHUNK = 64 * 1024;
    private static volatile Boolean matches;

    private GzipReference() {
    }

    /** Whether this JVM's zlib writes the reference bytes (computed once per process, in a few milliseconds). */
    public static boolean matches() {
        Boolean m = matches;
        if (m == null) {
            m = REFERENCE_SHA256.equals(sampleDigest());
            matches = m;
        }
        return m;
    }

    /** What a user building gzip layers on this JVM should know, when its zlib is not the reference one. */
    public static Optional<String> warning() {
        return matches() ? Optional.empty() : Optional.of(difference());
    }

    /** The warning's text. */
    static String difference() {
        return "this Java's zlib (" + System.getProperty("java.home") + ") does not write the deflate bytes of zlib "
                + "1.2 and 1.3, so gzip layers built here get digests no other machine reproduces (their files and "
                + "diff_ids still match); to reproduce digests, run Bulwark on a JDK with zlib 1.2 or 1.3 (set "
                + "JAVA_HOME), or build with --compression zstd";
    }

    /** SHA-256 (hex) of the probe sample as this JVM's layer stream compresses it. */
    static String sampleDigest() {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GzipStream gzip = new GzipStream(compressed, PROBE_CHUNK)) {
            gzip.write(sample());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compress the zlib probe in memory", e);
        }
        return Sha256.hex(compressed.toByteArray());
    }

    /**
     * A fixed sample that makes deflate use what a layer does: text with near and far repeats (lazy matching, every
     * distance class), incompressible bytes, runs of maximal matches, and text that repeats across chunk boundaries.
     */
    static byte[] sample() {
        String[] words = {"usr", "lib", "share", "python3", "x86_64-linux-gnu", "libc", "so", "6", "copyright",
            "debian", "package", "version", "Architecture:", "amd64", "Depends:", "Description:", "the", "of", "and",
            "/", ".", "-", "_", "\n", "0", "1", "2", "7", "9", "__init__", "py", "pyc", "README", "LICENSE"};
        ByteArrayOutputStream out = new ByteArrayOutputStream(180 * 1024);
        long state = 0x9E3779B97F4A7C15L;
        while (out.size() < 96 * 1024) {
            state = next(state);
            byte[] w = words[(int) ((state >>> 33) % words.length)].getBytes(StandardCharsets.US_ASCII);
            out.write(w, 0, w.length);
            out.write((state & 0x30) == 0 ? ' ' : '/');
        }
        byte[] text = out.toByteArray();
        for (int i = 0; i < 24 * 1024; i++) {
            state = next(state);
            out.write((int) (state >>> 56));
        }
        for (int i = 0; i < 16 * 1024; i++) {
            out.write("\0\1\2".charAt(i % 3));
        }
        out.write(text, 1000, 20 * 1024);   // far back, beyond the window: matched only where it repeats itself
        out.write(text, 50 * 1024, 20 * 1024);
        return out.toByteArray();
    }

    private static long next(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        return x ^ (x << 17);
    }
}
