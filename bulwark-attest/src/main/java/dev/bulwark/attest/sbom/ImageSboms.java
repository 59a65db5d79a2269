package dev.bulwark.attest.sbom;

import dev.bulwark.attest.AttestException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.control.Alternatives;
import dev.bulwark.debian.control.Relation;
import dev.bulwark.debian.control.RelationParseException;
import dev.bulwark.debian.control.Relations;
import dev.bulwark.debian.control.ControlParseException;
import dev.bulwark.debian.installed.InstalledPackage;
import dev.bulwark.image.components.ImageComponents;
import dev.bulwark.image.facts.ImageFacts;
import dev.bulwark.oci.image.ImageFiles;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Image;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads what an SBOM needs out of one image: its {@link ImageFacts} (dpkg database, os-release for the Debian major
 * version) and each package's copyright file. Only those small files are read.
 */
public final class ImageSboms {
    private static final Pattern COPYRIGHT = Pattern.compile("/usr/share/doc/[^/]+/copyright");

    /** The files besides the facts an SBOM needs: each package's copyright file. */
    public static final java.util.function.Predicate<String> COPYRIGHT_FILES = p -> COPYRIGHT.matcher(p).matches();

    private ImageSboms() {
    }

    /**
     * The SBOM of {@code image}, described as {@code subject}; {@code created} is SOURCE_DATE_EPOCH;
     * {@code debs} supply .deb hashes where the lock knows them.
     */
    public static SbomDocument read(Image image, SbomSubject subject, Instant created, String toolVersion,
                                    List<KnownDeb> debs) throws AttestException {
        // The language components come from a second pass over the layers, run beside the first.
        java.util.concurrent.FutureTask<ImageComponents> components =
                new java.util.concurrent.FutureTask<>(() -> SbomComponents.find(image, subject));
        Thread finder = new Thread(components, "bulwark-sbom-components");
        finder.setDaemon(true);
        finder.start();
        ImageFacts facts;
        boolean done = false;
        try {
            // One pass over the layers gives the facts, the copyright files and the doc-directory symlinks.
            facts = ImageFacts.read(image, COPYRIGHT_FILES);
            SbomDocument sbom = of(facts, subject, created, toolVersion, debs, joined(components, subject));
            done = true;
            return sbom;
        } catch (OciException e) {
            throw new AttestException(e.kind(), "cannot read packages of image " + subject.name() + ": "
                    + e.getMessage(), e);
        } catch (ControlParseException e) {
            throw new AttestException(Kind.BAD_INPUT, "cannot read dpkg database of image " + subject.name() + ": "
                    + e.getMessage(), e);
        } finally {
            if (!done) {
                components.cancel(true);   // whatever failed, the second pass stops reading layers
            }
        }
    }

    private static ImageComponents joined(java.util.concurrent.FutureTask<ImageComponents> components,
                                          SbomSubject subject) throws AttestException {
        try {
            return components.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof AttestException a) {
                throw a;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("cannot find components of image " + subject.name(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttestException(Kind.ENVIRONMENT, "interrupted while reading components of image "
                    + subject.name(), e);
        }
    }

    /**
     * The SBOM of facts already read (with the copyright files: {@link #COPYRIGHT_FILES}) and the language components
     * found in the same image.
     */
    static SbomDocument of(ImageFacts facts, SbomSubject subject, Instant created, String toolVersion,
                           List<KnownDeb> debs, ImageComponents components) throws AttestException {
        List<InstalledPackage> installed = facts.packages();
        int major = facts.debianMajor().orElseThrow(() -> new AttestException(Kind.BAD_INPUT, "cannot make SBOM of image "
                + subject.name() + ": its os-release names no Debian release (VERSION_ID or VERSION_CODENAME)"));
        Map<String, String> hashes = new HashMap<>();
        debs.forEach(d -> hashes.put(d.key(), d.sha256()));
        Map<String, String> provider = providers(installed);
        List<SbomPackage> packages = new ArrayList<>();
        Map<String, String> docLinks = null;
        for (InstalledPackage p : installed) {
            String copyright = facts.text("/usr/share/doc/" + p.name() + "/copyright").orElse(null);
            if (copyright == null) {
                // /usr/share/doc/<pkg> is often a symlink to the doc directory of a sibling package of the same source.
                docLinks = docLinks != null ? docLinks : docLinks(facts.entries());
                String target = docLinks.get(p.name());
                copyright = target == null ? null : facts.text("/usr/share/doc/" + target + "/copyright").orElse(null);
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
        return new SbomDocument(subject, major, created, toolVersion, packages, components);
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
