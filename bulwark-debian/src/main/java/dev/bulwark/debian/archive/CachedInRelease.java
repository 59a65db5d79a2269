package dev.bulwark.debian.archive;

import dev.bulwark.core.Sha256;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * The cached InRelease of one suite, read once: its bytes and SHA-256, the validators of the answer that brought them
 * (for a conditional GET) and when the mirror last confirmed they are current. Its meta file belongs to these bytes
 * only (it names their SHA-256); a meta written for other bytes, or no meta, gives an entry with no validators and no
 * confirmation. Nothing here is trusted: the caller verifies the bytes' signature before using them.
 *
 * @param bytes the cached InRelease, or null when there is none
 * @param confirmed when the mirror last served or confirmed (HTTP 304) these bytes, or null when unknown
 */
record CachedInRelease(byte[] bytes, String sha256, String etag, String lastModified, Instant confirmed) {

    /** A confirmation dated further ahead than this is a clock that jumped back, not a confirmation. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    static final CachedInRelease NONE = new CachedInRelease(null, null, null, null, null);

    static CachedInRelease read(Path cached, Path metaFile) {
        if (!Files.isRegularFile(cached) || !Files.isRegularFile(metaFile)) {
            return NONE;
        }
        try {
            byte[] bytes = Files.readAllBytes(cached);
            String sha = Sha256.hex(bytes);
            Properties p = new Properties();
            try (Reader reader = Files.newBufferedReader(metaFile, StandardCharsets.UTF_8)) {
                p.load(reader);
            }
            if (!sha.equals(p.getProperty("sha256"))) {
                return NONE;
            }
            return new CachedInRelease(bytes, sha, p.getProperty("etag"), p.getProperty("last-modified"),
                    confirmed(p.getProperty("confirmed")));
        } catch (IOException | IllegalArgumentException e) {
            return NONE;
        }
    }

    private static Instant confirmed(String epochSeconds) {
        if (epochSeconds == null || !epochSeconds.matches("\\d{1,12}")) {
            return null;
        }
        return Instant.ofEpochSecond(Long.parseLong(epochSeconds));
    }

    /** Whether the mirror confirmed these bytes less than {@code window} before {@code now}. */
    boolean confirmedWithin(Duration window, Instant now) {
        return bytes != null && confirmed != null && !window.isZero() && !window.isNegative()
                && confirmed.isAfter(now.minus(window)) && !confirmed.isAfter(now.plus(CLOCK_SKEW));
    }

    /** Writes the meta of verified bytes: their SHA-256, the answer's validators and the time the mirror confirmed them. */
    static void writeMeta(Path metaFile, String sha, String etag, String lastModified, Instant confirmed)
            throws IOException {
        StringBuilder text = new StringBuilder("sha256=" + sha + "\n");
        if (etag != null) {
            text.append("etag=").append(escape(etag)).append('\n');
        }
        if (lastModified != null) {
            text.append("last-modified=").append(escape(lastModified)).append('\n');
        }
        text.append("confirmed=").append(confirmed.getEpochSecond()).append('\n');
        Path temp = dev.bulwark.core.TempFiles.createFile(metaFile.getParent(), "meta");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            dev.bulwark.core.TempFiles.replace(temp, metaFile);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=").replace("\n", "\\n")
                .replace("\r", "\\r");
    }
}
