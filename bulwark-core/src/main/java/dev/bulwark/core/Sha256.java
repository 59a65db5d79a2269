package dev.bulwark.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** SHA-256 in the forms Bulwark uses: a fresh digest, lower-case hex of bytes, streams and files, and cache keys. */
public final class Sha256 {

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public static String hex(byte[] bytes) {
        return Hex.encode(newDigest().digest(bytes));
    }

    /** Streams the input; nothing is held in memory. The caller closes {@code in}. */
    public static String hex(InputStream in) throws IOException {
        MessageDigest md = newDigest();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            md.update(buffer, 0, n);
        }
        return Hex.encode(md.digest());
    }

    public static String hex(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return hex(in);
        }
    }

    /**
     * The SHA-256 of each file, in order. A set of more than {@value #NATIVE_FROM} bytes goes through
     * {@code openssl dgst -sha256 -r} (one run per 256 files) when the host has a trusted openssl: the CLI runs Java's C1 compiler only, which hashes at
     * about 90 MB/s, while OpenSSL uses the processor's SHA instructions (a warm rebuild of the python3 image verifies
     * 18 MB of cached layers: 0.2 s of CPU here, 0.02 s there). It is still SHA-256 of the bytes on disk; any doubt
     * (no openssl, a failed run, a line that does not name its file) means the files are hashed here instead.
     */
    public static List<String> hex(List<Path> files) throws IOException {
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        if (total > NATIVE_FROM) {
            List<String> fromOpenssl = NativeSha256.hex(files);
            if (fromOpenssl != null) {
                return fromOpenssl;
            }
        }
        if (total <= NATIVE_FROM || files.size() < 2) {
            List<String> out = new ArrayList<>(files.size());
            for (Path f : files) {
                out.add(hex(f));
            }
            return out;
        }
        try {   // without openssl, at least on every core
            return files.parallelStream().map(f -> {
                try {
                    return hex(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Below this many bytes in all, starting openssl costs more than it saves. */
    static final long NATIVE_FROM = 4L << 20;

    /** A key over several strings: each part's UTF-8 bytes followed by a NUL, so parts cannot run into each other. */
    public static String key(String... parts) {
        MessageDigest md = newDigest();
        for (String p : parts) {
            md.update(p.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        return Hex.encode(md.digest());
    }
}
