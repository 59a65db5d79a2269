package dev.bulwark.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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
