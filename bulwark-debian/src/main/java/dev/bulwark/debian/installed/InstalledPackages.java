package dev.bulwark.debian.installed;

import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.control.Deb822Reader;
import dev.bulwark.debian.control.Paragraph;
import dev.bulwark.debian.control.SourceRef;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads the dpkg database of an image or root filesystem: the classic {@code /var/lib/dpkg/status} file, and the
 * distroless form, one stanza per file in {@code /var/lib/dpkg/status.d/<pkg>} (the {@code <pkg>.md5sums} files
 * beside them are skipped). Only stanzas whose status is {@code install ok installed} count; a status.d stanza
 * without a Status field counts too, since some image builders leave it out.
 */
public final class InstalledPackages {

    /** The classic status file. */
    public static final String STATUS = "/var/lib/dpkg/status";
    /** The directory of distroless per-package stanzas, with its trailing slash. */
    public static final String STATUS_D = "/var/lib/dpkg/status.d/";

    private InstalledPackages() {
    }

    /** Whether {@code path} (absolute, as inside the image) is a file this class reads. */
    public static boolean isDatabaseFile(String path) {
        return path.equals(STATUS) || (path.startsWith(STATUS_D) && path.indexOf('/', STATUS_D.length()) < 0
                && !path.endsWith(".md5sums") && path.length() > STATUS_D.length());
    }

    /** The installed packages of the classic status file; {@code origin} names it in errors. */
    public static List<InstalledPackage> parseStatus(String text, String origin) throws ControlParseException {
        List<InstalledPackage> out = new ArrayList<>();
        for (Paragraph p : Deb822Reader.parseAll(text, origin)) {
            if (isInstalled(p, false)) {
                out.add(toPackage(p));
            }
        }
        out.sort(ORDER);
        return out;
    }

    /**
     * The installed packages of a whole database given as files keyed by absolute path (as {@link #isDatabaseFile}
     * selects them): status.d entries and the status file together, duplicates (same name and architecture) kept once.
     */
    public static List<InstalledPackage> parse(Map<String, String> files) throws ControlParseException {
        List<InstalledPackage> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Map.Entry<String, String> file : new java.util.TreeMap<>(files).entrySet()) {
            if (!isDatabaseFile(file.getKey())) {
                continue;
            }
            boolean statusD = file.getKey().startsWith(STATUS_D);
            for (Paragraph p : Deb822Reader.parseAll(file.getValue(), file.getKey())) {
                if (isInstalled(p, statusD)) {
                    InstalledPackage pkg = toPackage(p);
                    if (seen.add(pkg.name() + ":" + pkg.architecture())) {
                        out.add(pkg);
                    }
                }
            }
        }
        out.sort(ORDER);
        return out;
    }

    private static final Comparator<InstalledPackage> ORDER =
            Comparator.comparing(InstalledPackage::name).thenComparing(InstalledPackage::architecture);

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    private static boolean isInstalled(Paragraph p, boolean statusD) {
        return p.get("Status").map(s -> SPACES.matcher(s.strip()).replaceAll(" ").equals("install ok installed"))
                .orElse(statusD);
    }

    private static InstalledPackage toPackage(Paragraph p) throws ControlParseException {
        String name = p.require("Package");
        DebianVersion version = version(p, p.require("Version"));
        SourceRef source = null;
        var field = p.field("Source");
        if (field.isPresent()) {
            source = SourceRef.parse(field.get().value(), p.source(), field.get().line());
        }
        return new InstalledPackage(name, version, p.get("Architecture").orElse("all"),
                source == null ? name : source.name(), source == null ? version : source.versionOr(version),
                p.get("Maintainer").orElse(""), p);
    }

    private static DebianVersion version(Paragraph p, String text) throws ControlParseException {
        try {
            return DebianVersion.parse(text.strip());
        } catch (VersionParseException e) {
            throw new ControlParseException(p.source(), p.line(), e.getMessage(), e);
        }
    }
}
