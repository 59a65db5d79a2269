package dev.bulwark.attest.sbom;

import dev.bulwark.attest.AttestException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.control.Alternatives;
import dev.bulwark.debian.control.Relation;
import dev.bulwark.debian.control.RelationParseException;
import dev.bulwark.debian.control.Relations;
import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.debian.installed.InstalledPackages;
import dev.bulwark.debian.installed.OsRelease;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageFiles;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads what an SBOM needs out of one image: the dpkg database (status.d or status), each package's
 * copyright file, and os-release for the Debian major version. Only those small files are read.
 */
public final class ImageSboms {
    private static final Pattern COPYRIGHT = Pattern.compile("/usr/share/doc/[^/]+/copyright");
    private static final Set<String> OS_RELEASE = Set.of("/etc/os-release", "/usr/lib/os-release");

    private ImageSboms() {
    }

    /**
     * The SBOM of {@code image}, described as {@code subject}; {@code created} is SOURCE_DATE_EPOCH;
     * {@code debs} supply .deb hashes where the lock knows them.
     */
    public static SbomDocument read(Image image, SbomSubject subject, Instant created, String toolVersion,
                                    List<KnownDeb> debs) throws AttestException {
        ImageFiles.Tree tree;
        try {
            // One pass over the layers gives both the small files and the doc-directory symlinks.
            tree = ImageFiles.tree(image, p -> InstalledPackages.isDatabaseFile(p) || OS_RELEASE.contains(p)
                    || COPYRIGHT.matcher(p).matches());
        } catch (OciException e) {
            throw new AttestException(e.kind(), "cannot read packages of image " + subject.name() + ": "
                    + e.getMessage(), e);
        }
        Map<String, String> text = new TreeMap<>();
        tree.files().forEach((k, v) -> text.put(k, new String(v, StandardCharsets.UTF_8)));
        List<InstalledPackage> installed;
        try {
            installed = InstalledPackages.parse(text);
        } catch (ControlParseException e) {
            throw new AttestException(Kind.BAD_INPUT, "cannot read dpkg database of image " + subject.name() + ": "
                    + e.getMessage(), e);
        }
        int major = debianMajor(text, subject);
        Map<String, String> hashes = new HashMap<>();
        debs.forEach(d -> hashes.put(d.key(), d.sha256()));
        Map<String, String> provider = providers(installed);
        List<SbomPackage> packages = new ArrayList<>();
        Map<String, String> docLinks = null;
        for (InstalledPackage p : installed) {
            String copyright = text.get("/usr/share/doc/" + p.name() + "/copyright");
            if (copyright == null) {
                // /usr/share/doc/<pkg> is often a symlink to the doc directory of a sibling package of the same source.
                docLinks = docLinks != null ? docLinks : docLinks(tree.entries());
                String target = docLinks.get(p.name());
                copyright = target == null ? null : text.get("/usr/share/doc/" + target + "/copyright");
            }
            List<String> licenses = copyright == null ? List.of() : CopyrightLicenses.of(copyright);
            if (copyright != null && licenses.isEmpty()) {
                // The file states the terms but names no licence we can map: point at it rather than claim nothing.
                licenses = List.of("LicenseRef-" + p.name().replaceAll("[^A-Za-z0-9.-]", "-") + "-copyright");
            }
            String version = p.version().toString();
            packages.add(new SbomPackage(p.name(), version, p.architecture(), p.source(),
                    p.sourceVersion().toString(), p.maintainer().isBlank() ? null : p.maintainer(),
                    p.control().get("Homepage").map(String::strip).orElse(null),
                    hashes.get(KnownDeb.key(p.name(), version, p.architecture())), licenses,
                    dependencies(p, provider)));
        }
        return new SbomDocument(subject, major, created, toolVersion, packages, SbomComponents.find(image, subject));
    }

    /** Package name → the doc directory name its {@code /usr/share/doc/<pkg>} symlink points to. */
    private static Map<String, String> docLinks(List<ImageFiles.Entry> entries) {
        Map<String, String> links = new HashMap<>();
        for (ImageFiles.Entry e : entries) {
            if (e.linkTarget() != null && e.path().startsWith("/usr/share/doc/")
                    && e.path().indexOf('/', "/usr/share/doc/".length()) < 0) {
                String t = e.linkTarget();
                String name = t.substring(t.lastIndexOf('/', t.length() - 2) + 1).replaceAll("/$", "");
                links.put(e.path().substring("/usr/share/doc/".length()), name);
            }
        }
        return links;
    }

    private static int debianMajor(Map<String, String> text, SbomSubject subject) throws AttestException {
        String osRelease = text.getOrDefault("/etc/os-release", text.get("/usr/lib/os-release"));
        if (osRelease != null) {
            String id = OsRelease.parse(osRelease).versionId();
            String major = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
            if (major.matches("[0-9]{1,3}")) {
                return Integer.parseInt(major);
            }
        }
        throw new AttestException(Kind.BAD_INPUT, "cannot make SBOM of image " + subject.name()
                + ": its os-release has no numeric VERSION_ID, so the Debian release is unknown");
    }

    /** Package and virtual package names to the installed package that satisfies them. */
    private static Map<String, String> providers(List<InstalledPackage> installed) {
        Map<String, String> out = new HashMap<>();
        for (InstalledPackage p : installed) {
            out.put(p.name(), p.name());
        }
        for (InstalledPackage p : installed) {
            String provides = p.control().get("Provides").orElse("");
            try {
                for (Relation r : Relations.parseProvides(provides)) {
                    out.putIfAbsent(r.name(), p.name());
                }
            } catch (RelationParseException e) {
                // A malformed Provides only loses dependency edges, never packages.
            }
        }
        return out;
    }

    /** For each Depends/Pre-Depends group, the first alternative the image has; groups it lacks are skipped. */
    private static List<String> dependencies(InstalledPackage p, Map<String, String> provider) {
        List<String> out = new ArrayList<>();
        for (String field : List.of("Pre-Depends", "Depends")) {
            String value = p.control().get(field).orElse("");
            if (value.isBlank()) {
                continue;
            }
            try {
                for (Alternatives group : Relations.parse(value)) {
                    group.options().stream().map(r -> provider.get(r.name())).filter(n -> n != null)
                            .filter(n -> !n.equals(p.name())).findFirst().ifPresent(out::add);
                }
            } catch (RelationParseException e) {
                // As above: a malformed field loses edges only.
            }
        }
        return out;
    }
}
