package dev.bulwark.scan.match;

import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.image.components.Component;
import dev.bulwark.image.components.ImageComponents;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What is scanned: a name for reports (an image reference or a root directory), the image's digest when it is an
 * image (else null), its os-release, the release codename, the suites it builds from, its installed packages, and
 * the language components found in its files (with notes on files that could not be read for them).
 */
public record ScanTarget(String name, String digest, OsRelease osRelease, String release, List<String> suites,
        List<InstalledPackage> packages, ImageComponents components) {

    public ScanTarget(String name, String digest, OsRelease osRelease, String release, List<String> suites,
                      List<InstalledPackage> packages) {
        this(name, digest, osRelease, release, suites, packages, ImageComponents.NONE);
    }

    /** The same target with {@code found} as its language components. */
    public ScanTarget withComponents(ImageComponents found) {
        return new ScanTarget(name, digest, osRelease, release, suites, packages, found);
    }

    /** The language components, for matching. */
    public List<Component> languageComponents() {
        return components.components();
    }

    public ScanTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(osRelease, "osRelease");
        Objects.requireNonNull(release, "release");
        suites = List.copyOf(suites);
        packages = List.copyOf(packages);
        components = components == null ? ImageComponents.NONE : components;
    }

    /** The default suites of a release: {@code <codename>}, {@code -updates} and {@code -security}. */
    public static List<String> defaultSuites(String release) {
        return List.of(release, release + "-updates", release + "-security");
    }

    /** Each installed source package with its lowest installed version (the one a fix must reach). */
    public Map<String, DebianVersion> sources() {
        Map<String, DebianVersion> out = new TreeMap<>();
        for (InstalledPackage p : packages) {
            out.merge(p.source(), p.sourceVersion(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        return out;
    }

    /** The architecture most packages are built for ("all" only when nothing else is installed). */
    public String architecture() {
        Map<String, Long> counts = new TreeMap<>();
        packages.stream().filter(p -> !p.architecture().equals("all")).forEach(p -> counts.merge(p.architecture(), 1L, Long::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("all");
    }
}
