package dev.bulwark.debian.archive;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Hex;
import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.control.Deb822Reader;
import dev.bulwark.debian.control.Paragraph;
import dev.bulwark.debian.control.SourceRef;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/** Streams the stanzas of a decompressed Packages index into {@link ArchivePackage} values. */
public final class PackagesIndexReader {

    private PackagesIndexReader() {
    }

    /** Which stanzas of an index to read into packages, asked with each stanza's package and source names. */
    @FunctionalInterface
    public interface Wanted {
        Wanted ALL = (pkg, source) -> true;

        boolean test(String pkg, String source);
    }

    public static void read(InputStream in, String suite, String component, String name, Consumer<ArchivePackage> sink)
            throws ArchiveException {
        read(in, suite, component, name, Wanted.ALL, sink);
    }

    /**
     * Only the stanzas {@code wanted} keeps become packages; of the others only the Package and Source fields are
     * looked at, and the rest goes unchecked (the index as a whole matched its InRelease's SHA-256 before this reads
     * it).
     */
    public static void read(InputStream in, String suite, String component, String name, Wanted wanted,
            Consumer<ArchivePackage> sink) throws ArchiveException {
        try (Deb822Reader reader = new Deb822Reader(new InputStreamReader(in, StandardCharsets.UTF_8), name)) {
            for (Paragraph p; (p = reader.next()) != null; ) {
                if (wanted == Wanted.ALL || wanted(p, wanted)) {
                    sink.accept(toPackage(p, suite, component, name));
                }
            }
        } catch (ControlParseException | VersionParseException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot read index " + name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, CorruptionReportingStream.describe(e, name), e);
        }
    }

    private static boolean wanted(Paragraph p, Wanted wanted) throws ControlParseException {
        String pkg = p.require("Package");
        var source = p.get("Source");
        return wanted.test(pkg, source.isPresent() ? SourceRef.parse(source.get()).name() : pkg);
    }

    private static ArchivePackage toPackage(Paragraph p, String suite, String component, String name)
            throws ControlParseException, VersionParseException {
        String pkg = p.require("Package");
        DebianVersion version = DebianVersion.parse(p.require("Version"));
        SourceRef source = p.get("Source").isPresent() ? SourceRef.parse(p.get("Source").get()) : null;
        String sha = p.require("SHA256").toLowerCase(Locale.ROOT);
        if (!Hex.isLowerHex(sha, 64)) {
            throw new ControlParseException(name, p.line(), "package " + pkg + " has a malformed SHA256 '" + sha + "'");
        }
        String filename = p.require("Filename");
        String bad = PoolPaths.problem(filename);
        if (bad != null) {
            throw new ControlParseException(name, p.line(), "package " + pkg + " has an unsafe Filename '" + filename + "': " + bad);
        }
        long size;
        try {
            size = Long.parseLong(p.require("Size").trim());
        } catch (NumberFormatException e) {
            throw new ControlParseException(name, p.line(), "package " + pkg + " has a malformed Size");
        }
        return new ArchivePackage(pkg, version, p.require("Architecture"),
                source == null ? pkg : source.name(), source == null || source.version() == null ? version : source.version(),
                suite, component, filename, size, sha,
                p.get("Depends").orElse(""), p.get("Pre-Depends").orElse(""), p.get("Provides").orElse(""),
                p.get("Conflicts").orElse(""), p.get("Breaks").orElse(""),
                "yes".equalsIgnoreCase(p.get("Essential").orElse("no")), p.get("Multi-Arch").orElse("no"));
    }
}
