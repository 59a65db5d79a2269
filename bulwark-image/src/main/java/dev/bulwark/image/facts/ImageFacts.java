package dev.bulwark.image.facts;

import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.installed.InstalledPackages;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.debian.release.DebianReleases;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageFiles;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an image (or a root directory) holds that Bulwark reasons about, read once: its installed Debian packages
 * (distroless {@code /var/lib/dpkg/status.d/} entries or the classic {@code /var/lib/dpkg/status}), its os-release
 * ({@code /etc/os-release}, else {@code /usr/lib/os-release}), the Debian release they name, its platform, and the
 * merged file tree. {@code inspect}, {@code sbom}, {@code scan} and the policy checks all read images through it.
 *
 * <p>{@code files} holds the content of the small files that were read (the package database, os-release, and
 * whatever else the caller asked for); {@code entries} the merged tree (empty when it was not read, as for a
 * cached scan or a root directory); {@code platform} is null for a root directory.
 */
public record ImageFacts(Platform platform, List<InstalledPackage> packages, OsRelease osRelease,
        boolean hasOsRelease, Map<String, byte[]> files, List<ImageFiles.Entry> entries) {

    public static final String ETC_OS_RELEASE = "/etc/os-release";
    public static final String USR_OS_RELEASE = "/usr/lib/os-release";
    private static final Pattern SID_PRETTY_NAME = Pattern.compile("\\b([a-z]+)/sid\\b");

    public ImageFacts {
        packages = List.copyOf(packages);
        java.util.Objects.requireNonNull(osRelease, "osRelease");
        files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        entries = List.copyOf(entries);
    }

    /** Whether {@code path} is one of the files every read keeps: the package database or os-release. */
    public static boolean isFactFile(String path) {
        return InstalledPackages.isDatabaseFile(path) || path.equals(ETC_OS_RELEASE) || path.equals(USR_OS_RELEASE);
    }

    /** Reads an image's facts in one pass over its layers. */
    public static ImageFacts read(Image image) throws OciException, ControlParseException {
        return read(image, path -> false);
    }

    /** As {@link #read(Image)}, keeping also the content of every file {@code alsoRead} accepts (same pass). */
    public static ImageFacts read(Image image, Predicate<String> alsoRead) throws OciException, ControlParseException {
        ImageFiles.Tree tree = ImageFiles.tree(image, path -> isFactFile(path) || alsoRead.test(path));
        return of(image.platform(), tree.files(), tree.entries());
    }

    /**
     * The facts in {@code files} (absolute paths to contents, as {@link #read} or a root directory gives them);
     * {@code entries} is the tree they came from, or empty.
     */
    public static ImageFacts of(Platform platform, Map<String, byte[]> files, List<ImageFiles.Entry> entries)
            throws ControlParseException {
        Map<String, String> database = new LinkedHashMap<>();
        files.forEach((path, bytes) -> {
            if (InstalledPackages.isDatabaseFile(path)) {
                database.put(path, new String(bytes, StandardCharsets.UTF_8));
            }
        });
        byte[] os = files.containsKey(ETC_OS_RELEASE) ? files.get(ETC_OS_RELEASE) : files.get(USR_OS_RELEASE);
        OsRelease osRelease = OsRelease.parse(os == null ? "" : new String(os, StandardCharsets.UTF_8));
        return new ImageFacts(platform, InstalledPackages.parse(database), osRelease, os != null, files, entries);
    }

    /** The text of a file that was read (UTF-8), if it was. */
    public Optional<String> text(String path) {
        byte[] b = files.get(path);
        return b == null ? Optional.empty() : Optional.of(new String(b, StandardCharsets.UTF_8));
    }

    /** os-release's PRETTY_NAME, or null when the image has no os-release. */
    public String osName() {
        return hasOsRelease ? osRelease.prettyName() : null;
    }

    /**
     * The Debian release codename: VERSION_CODENAME, else the release VERSION_ID numbers, else the testing name of a
     * "trixie/sid"-style PRETTY_NAME.
     */
    public Optional<String> codename() {
        if (!osRelease.versionCodename().isEmpty()) {
            return Optional.of(osRelease.versionCodename());
        }
        Optional<String> fromNumber = DebianReleases.codename(osRelease.versionId());
        if (fromNumber.isPresent()) {
            return fromNumber;
        }
        Matcher m = SID_PRETTY_NAME.matcher(osRelease.prettyName());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The Debian major version: VERSION_ID's leading number, else the codename's number in the release table. */
    public OptionalInt debianMajor() {
        String id = osRelease.versionId();
        String major = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
        if (major.matches("[0-9]{1,3}")) {
            return OptionalInt.of(Integer.parseInt(major));
        }
        return codename().map(DebianReleases::major).orElse(OptionalInt.empty());
    }
}
