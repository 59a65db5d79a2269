package dev.bulwark.scan.advisory;

import dev.bulwark.core.TempFiles;
import dev.bulwark.scan.ScanException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.deb.DataEntry;
import dev.bulwark.debian.deb.DebException;
import dev.bulwark.debian.deb.DebFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * What one binary {@code .deb} holds of its source's changelog: the gzip bytes of
 * {@code /usr/share/doc/<pkg>/changelog.Debian.gz} (or {@code changelog.gz} for a native package), or — when its
 * {@code /usr/share/doc/<pkg>} is a symlink to another binary's doc directory, as openjdk, apache2 or imagemagick
 * ship — the name of the binary whose doc directory it points to, or nothing.
 *
 * <p>With a cache directory, what was read is kept per {@code .deb} SHA-256 ({@code <sha>.gz}, {@code <sha>.link},
 * or an empty {@code <sha>.gz} for none), so a warm scan never opens a package again. Only bytes of a {@code .deb}
 * the fetcher verified are read, so the cache holds only what came from verified bytes.
 */
record DocChangelog(byte[] gzip, String linkedPackage) {

    private static final Pattern DEBIAN_CHANGELOG = Pattern.compile("/usr/share/doc/[^/]+/changelog\\.Debian\\.gz");
    /** Native packages (no Debian revision) keep their one changelog as changelog.gz. */
    private static final Pattern NATIVE_CHANGELOG = Pattern.compile("/usr/share/doc/[^/]+/changelog\\.gz");
    /** A package name as Debian policy allows it, so a link target never becomes a path. */
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    static final DocChangelog NONE = new DocChangelog(new byte[0], null);

    boolean found() {
        return gzip.length > 0;
    }

    /** The cached reading of {@code pkg}, or null when it was never read (or there is no cache). */
    static DocChangelog cached(Path cacheDir, ArchivePackage pkg) throws ScanException {
        if (cacheDir == null) {
            return null;
        }
        try {
            Path link = cacheDir.resolve(pkg.sha256() + ".link");
            if (Files.isRegularFile(link)) {
                String name = Files.readString(link, StandardCharsets.UTF_8).strip();
                return PACKAGE_NAME.matcher(name).matches() ? new DocChangelog(new byte[0], name) : null;
            }
            Path gz = cacheDir.resolve(pkg.sha256() + ".gz");
            return Files.isRegularFile(gz) ? new DocChangelog(Files.readAllBytes(gz), null) : null;
        } catch (java.nio.file.NoSuchFileException e) {
            return null;   // pruned between the look and the read (bulwark cache prune): never read, as far as we know
        } catch (IOException e) {
            throw new ScanException(Kind.ENVIRONMENT, "cannot read the cached changelog of " + pkg.id() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads the verified {@code deb} of {@code pkg} and, with a cache directory, keeps what it found. */
    static DocChangelog read(Path deb, ArchivePackage pkg, Path cacheDir) throws ScanException {
        DocChangelog found = extract(deb, pkg);
        if (cacheDir != null) {
            try {
                Files.createDirectories(cacheDir);
                Path temp = TempFiles.createFile(cacheDir, "changelog");
                boolean link = found.linkedPackage() != null;
                Files.write(temp, link ? found.linkedPackage().getBytes(StandardCharsets.UTF_8) : found.gzip());
                Files.move(temp, cacheDir.resolve(pkg.sha256() + (link ? ".link" : ".gz")),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new ScanException(Kind.ENVIRONMENT, "cannot cache the changelog of " + pkg.id() + ": "
                        + e.getMessage(), e);
            }
        }
        return found;
    }

    static DocChangelog extract(Path deb, ArchivePackage pkg) throws ScanException {
        Pattern changelog = pkg.sourceVersion().revision().isEmpty() ? NATIVE_CHANGELOG : DEBIAN_CHANGELOG;
        String ownDoc = "/usr/share/doc/" + pkg.name();
        byte[][] gzip = new byte[1][];
        String[] link = new String[1];
        try (DebFile file = DebFile.open(deb, pkg.name() + "_" + pkg.version() + "_" + pkg.architecture() + ".deb")) {
            file.readData((DataEntry entry, InputStream content) -> {
                if (gzip[0] == null && entry.type() == DataEntry.Type.FILE && changelog.matcher(entry.path()).matches()) {
                    gzip[0] = content.readAllBytes();
                } else if (entry.type() == DataEntry.Type.SYMLINK && entry.path().equals(ownDoc)) {
                    link[0] = linkedPackage(entry.linkTarget());
                }
            });
        } catch (IOException | DebException e) {
            throw new ScanException(Kind.ENVIRONMENT, "cannot read the changelog of " + pkg.id() + ": " + e.getMessage(), e);
        }
        if (gzip[0] != null && gzip[0].length > 0) {
            return new DocChangelog(gzip[0], null);
        }
        return link[0] == null ? NONE : new DocChangelog(new byte[0], link[0]);
    }

    /** The package a doc-directory symlink points to: {@code openjdk-21-jre-headless} or {@code /usr/share/doc/x}. */
    static String linkedPackage(String target) {
        String t = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        if (t.startsWith("/usr/share/doc/")) {
            t = t.substring("/usr/share/doc/".length());
        } else if (t.startsWith("../doc/")) {
            t = t.substring("../doc/".length());
        }
        return PACKAGE_NAME.matcher(t).matches() ? t : null;
    }

    /** The decompressed-on-read changelog. */
    InputStream open() throws IOException {
        return new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip));
    }
}
