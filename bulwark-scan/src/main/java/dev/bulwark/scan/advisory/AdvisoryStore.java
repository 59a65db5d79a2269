package dev.bulwark.scan.advisory;

import dev.bulwark.scan.ScanException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Hex;
import dev.bulwark.debian.archive.ArchiveException;
import dev.bulwark.debian.archive.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * The local advisory database in the cache ({@code <cache>/advisories/}): one tracker JSON file or one OSV zip, with
 * where it came from, when, and its SHA-256. {@code bulwark advisories update --from URL|FILE} replaces it; scans
 * read it when no {@code --advisories} are given.
 */
public final class AdvisoryStore {

    /**
     * Environment variable naming the default source of {@code advisories update} (a URL or a file), typically the
     * Debian security tracker's JSON export; like the archive mirror, the host comes from configuration, never code.
     */
    public static final String TRACKER_URL_ENV = "BULWARK_TRACKER_URL";
    /** Environment variable: the age past which scans warn that the database is stale ({@code 24h}, {@code 7d}). */
    public static final String MAX_AGE_ENV = "BULWARK_ADVISORIES_MAX_AGE";
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    /** Where, under the store's directory, tracker JSON files get their source indexes ({@link TrackerIndex}). */
    public static final String INDEX_DIR = "index";

    /** What the store holds. */
    public enum Format { TRACKER_JSON, OSV }

    /** The stored database: its file, format, origin URL or path, fetch time and SHA-256. */
    public record Stored(Path file, Format format, String from, Instant updated, String sha256) {
        /** The database as an advisory source. */
        public AdvisorySource asSource() {
            return format == Format.OSV ? new OsvSource(file) : new TrackerJsonSource(file, file.resolveSibling(INDEX_DIR));
        }

        /** How old the database is at {@code now}. */
        public Duration age(Instant now) {
            Duration d = Duration.between(updated, now);
            return d.isNegative() ? Duration.ZERO : d;
        }

        /** "tracker-json from URL, updated 2026-12-01T10:00:00Z (3 h old)": how scans name the database. */
        public String describe(Instant now) {
            return "db (" + format.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " from " + from
                    + ", updated " + updated + ", " + humanAge(age(now)) + " old)";
        }
    }

    /** The source {@code advisories update} uses without {@code --from}: {@value #TRACKER_URL_ENV}, when set. */
    public static java.util.Optional<String> defaultSource(java.util.Map<String, String> env) {
        String v = env.get(TRACKER_URL_ENV);
        return v == null || v.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v.strip());
    }

    /** The staleness threshold from {@value #MAX_AGE_ENV} ({@code 36h}, {@code 7d}, {@code 90m}), else 24 hours. */
    public static Duration maxAge(java.util.Map<String, String> env) throws ScanException {
        String v = env.get(MAX_AGE_ENV);
        if (v == null || v.isBlank()) {
            return DEFAULT_MAX_AGE;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([mhd])").matcher(v.strip());
        if (!m.matches()) {
            throw new ScanException(Kind.BAD_INPUT, "cannot use " + MAX_AGE_ENV + "='" + v
                    + "': give a number with m, h or d (e.g. 36h or 7d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** "3 h", "2 d", "12 min". */
    public static String humanAge(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " d";
        }
        return d.toHours() >= 1 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    private final Path dir;
    private final Clock clock;

    public AdvisoryStore(Path cacheDir, Clock clock) {
        this.dir = cacheDir.resolve("advisories");
        this.clock = clock;
    }

    /** The stored database, if one was ever fetched. */
    public Optional<Stored> current() throws ScanException {
        Path meta = dir.resolve("db.properties");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
            Format format = Format.valueOf(p.getProperty("format"));
            return Optional.of(new Stored(dir.resolve(p.getProperty("file")), format, p.getProperty("from"),
                    Instant.parse(p.getProperty("updated")), p.getProperty("sha256")));
        } catch (IOException | RuntimeException e) {
            throw new ScanException(Kind.ENVIRONMENT, "cannot read the advisory database " + meta + ": " + e.getMessage()
                    + "; run 'bulwark advisories update --from URL|FILE' again", e);
        }
    }

    /**
     * Replaces the database with {@code from}: an http(s) URL (fetched with {@code transport}) or a file, holding the
     * tracker JSON (plain or gzip) or a zip of OSV records.
     */
    public Stored update(String from, HttpTransport transport) throws ScanException {
        try {
            Files.createDirectories(dir);
            Path download = dir.resolve("download.tmp");
            if (from.startsWith("http://") || from.startsWith("https://")) {
                transport.get(URI.create(from), download, HttpTransport.Expect.NOTHING, null, null, null);
            } else {
                Path file = Path.of(from);
                if (!Files.isRegularFile(file)) {
                    throw new ScanException(Kind.BAD_INPUT, "cannot update advisories from " + from
                            + ": no such file (give a tracker JSON file, an OSV zip, or an http(s) URL)");
                }
                Files.copy(file, download, StandardCopyOption.REPLACE_EXISTING);
            }
            Format format = Inputs.isZip(download) ? Format.OSV : Format.TRACKER_JSON;
            String sha = sha256(download);
            if (format == Format.TRACKER_JSON) {
                checkTracker(download, from);
            }
            String name = format == Format.OSV ? "osv.zip" : "tracker.json";
            Files.move(download, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Stored stored = new Stored(dir.resolve(name), format, from, clock.instant(), sha);
            writeMeta(stored, name);
            return stored;
        } catch (ArchiveException e) {
            throw new ScanException(e.kind(), "cannot update advisories from " + from + ": " + e.getMessage()
                    + "; set " + TRACKER_URL_ENV + " or pass --from URL|FILE to use another source (scans meanwhile use"
                    + " the database already kept, else archive changelogs)", e);
        } catch (IOException e) {
            throw new ScanException(Kind.ENVIRONMENT, "cannot update advisories in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void checkTracker(Path file, String from) throws ScanException {
        try (InputStream in = Inputs.open(file)) {
            TrackerJsonSource.read(in, from, AdvisoryQuery.wholeRelease("-"), a -> { });
        } catch (IOException | ScanException e) {
            deleteQuietly(file);
            throw new ScanException(Kind.BAD_INPUT, "cannot update advisories from " + from
                    + ": it is neither an OSV zip nor tracker JSON (" + e.getMessage() + ")", e);
        }
    }

    private void writeMeta(Stored s, String name) throws IOException {
        Properties p = new Properties();
        p.setProperty("file", name);
        p.setProperty("format", s.format().name());
        p.setProperty("from", s.from());
        p.setProperty("updated", s.updated().toString());
        p.setProperty("sha256", s.sha256());
        Path temp = dir.resolve("db.properties.tmp");
        try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
        Files.move(temp, dir.resolve("db.properties"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale download is replaced by the next update
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return Hex.encode(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
