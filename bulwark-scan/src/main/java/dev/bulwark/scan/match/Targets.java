package dev.bulwark.scan.match;

import dev.bulwark.scan.ScanException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.installed.InstalledPackages;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.image.facts.ImageFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link ScanTarget} from an image or from a root directory: dpkg database, os-release, release, as
 * {@link ImageFacts} reads and interprets them.
 */
public final class Targets {

    private static final String ETC_OS_RELEASE = ImageFacts.ETC_OS_RELEASE;
    private static final String USR_OS_RELEASE = ImageFacts.USR_OS_RELEASE;

    private Targets() {
    }

    /**
     * Reads an image's dpkg database (status.d entries or status) and os-release through its layers. {@code release}
     * overrides the codename os-release gives (null: detect); {@code suites} null means the release's defaults.
     */
    public static ScanTarget fromImage(String name, Image image, String release, List<String> suites)
            throws ScanException {
        return ComponentTargets.with(target(name, image.digest().toString(), imageFiles(name, image), release, suites), image);
    }

    /**
     * As {@link #fromImage(String, Image, String, List)}, keeping what was read from the layers under
     * {@code <cacheDir>/scan-inputs/} by manifest digest, so a warm scan of the same image reads no layer at all.
     * An entry is written only after every layer was read to its end through the source's checked streams (a
     * layer that does not match its digest fails the read first), so a tampered image never fills the cache.
     */
    public static ScanTarget fromImage(String name, Image image, String release, List<String> suites, Path cacheDir)
            throws ScanException {
        String digest = image.digest().toString();
        Path cached = cacheDir.resolve("scan-inputs").resolve(digest.replace(':', '-') + ".properties");
        Map<String, String> files = new TreeMap<>();
        java.util.Properties props = new java.util.Properties();
        try {
            if (loadCached(cached, props)) {
                props.stringPropertyNames().forEach(k -> files.put(k, props.getProperty(k)));
            } else {
                files.putAll(imageFiles(name, image));
                props.putAll(files);
                Files.createDirectories(cached.getParent());
                Path temp = dev.bulwark.core.TempFiles.createFile(cached.getParent(), "scan-inputs"); // umask mode
                try {
                    try (var out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                        props.store(out, "dpkg database and os-release of " + digest);
                    }
                    dev.bulwark.core.TempFiles.replace(temp, cached);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            throw new ScanException(Kind.ENVIRONMENT, "cannot use the scan cache " + cached + ": " + e.getMessage(), e);
        }
        return ComponentTargets.with(target(name, digest, files, release, suites), image, cacheDir);
    }

    /**
     * Loads a cached entry into {@code props}; false when there is none, also when it vanished between the look and
     * the read ({@code bulwark cache prune} in another terminal): a miss, read again from the image.
     */
    private static boolean loadCached(Path cached, java.util.Properties props) throws IOException {
        if (!Files.isRegularFile(cached)) {
            return false;
        }
        try (var in = Files.newBufferedReader(cached, StandardCharsets.UTF_8)) {
            props.load(in);
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /** The package database and os-release of an image, read once through {@link ImageFacts}. */
    private static Map<String, String> imageFiles(String name, Image image) throws ScanException {
        ImageFacts facts;
        try {
            facts = ImageFacts.read(image);
        } catch (OciException e) {
            throw new ScanException(e.kind(), "cannot scan " + name + ": " + e.getMessage(), e);
        } catch (ControlParseException e) {
            throw new ScanException(Kind.BAD_INPUT, "cannot scan " + name + ": " + e.getMessage(), e);
        }
        Map<String, String> text = new TreeMap<>();
        facts.files().forEach((k, v) -> text.put(k, new String(v, StandardCharsets.UTF_8)));
        return text;
    }

    /**
     * Reads {@code root}'s {@code var/lib/dpkg/status} (or {@code status.d}) and os-release as the image sees them:
     * symlinks resolve inside {@code root} ({@link ConfinedRoot}), so nothing of the host is ever read.
     */
    public static ScanTarget fromRootfs(Path root, String release, List<String> suites) throws ScanException {
        Map<String, String> text = new TreeMap<>();
        try {
            ConfinedRoot rootfs = new ConfinedRoot(root);
            read(rootfs, InstalledPackages.STATUS, text);
            for (String name : rootfs.list(InstalledPackages.STATUS_D)) {
                String path = InstalledPackages.STATUS_D + name;
                if (InstalledPackages.isDatabaseFile(path)) {
                    read(rootfs, path, text);
                }
            }
            read(rootfs, ETC_OS_RELEASE, text);
            read(rootfs, USR_OS_RELEASE, text);
        } catch (IOException e) {
            throw new ScanException(Kind.BAD_INPUT, "cannot scan " + root + ": " + e.getMessage(), e);
        }
        return target(root.toString(), null, text, release, suites);
    }

    private static void read(ConfinedRoot root, String path, Map<String, String> out) throws IOException {
        byte[] content = root.read(path);
        if (content != null) {
            out.put(path, new String(content, StandardCharsets.UTF_8));
        }
    }

    static ScanTarget target(String name, String digest, Map<String, String> files, String release, List<String> suites)
            throws ScanException {
        Map<String, byte[]> bytes = new TreeMap<>();
        files.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        ImageFacts facts;
        try {
            facts = ImageFacts.of(null, bytes, List.of());
        } catch (ControlParseException e) {
            throw new ScanException(Kind.BAD_INPUT, "cannot scan " + name + ": " + e.getMessage(), e);
        }
        OsRelease os = facts.osRelease();
        if (facts.packages().isEmpty()) {
            throw new ScanException(Kind.BAD_INPUT, "cannot scan " + name + ": it has no dpkg database ("
                    + InstalledPackages.STATUS + " or " + InstalledPackages.STATUS_D + "*), so there are no Debian"
                    + " packages to match");
        }
        String codename = release != null ? release : facts.codename().orElse(null);
        if (codename == null) {
            throw new ScanException(Kind.BAD_INPUT, "cannot scan " + name + ": cannot tell the Debian release from its"
                    + " os-release (ID=" + os.id() + ", VERSION_ID=" + os.versionId() + "); give it with --release CODENAME");
        }
        return new ScanTarget(name, digest, os, codename, suites == null || suites.isEmpty()
                ? ScanTarget.defaultSuites(codename) : suites, facts.packages());
    }
}
