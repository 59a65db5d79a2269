package dev.bulwark.attest.sbom;

import dev.bulwark.image.components.ImageComponents;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an SBOM says, independent of format. {@code created} is {@code SOURCE_DATE_EPOCH}, never the clock,
 * so the same image gives the same bytes; packages are kept sorted by name and architecture. {@code components} are
 * the Maven, PyPI and npm components found in the image's files (none: {@link ImageComponents#NONE}).
 */
public record SbomDocument(SbomSubject subject, int debianMajor, Instant created, String toolVersion,
                           List<SbomPackage> packages, ImageComponents components) {

    public SbomDocument(SbomSubject subject, int debianMajor, Instant created, String toolVersion,
                        List<SbomPackage> packages) {
        this(subject, debianMajor, created, toolVersion, packages, ImageComponents.NONE);
    }

    public SbomDocument {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(toolVersion, "toolVersion");
        if (debianMajor < 1) {
            throw new IllegalArgumentException("Debian major version must be positive: " + debianMajor);
        }
        packages = packages.stream()
                .sorted(Comparator.comparing(SbomPackage::name).thenComparing(SbomPackage::architecture))
                .toList();
        Set<String> seen = new HashSet<>();
        for (SbomPackage p : packages) {
            if (!seen.add(p.name() + ":" + p.architecture())) {
                throw new IllegalArgumentException("package listed twice: " + p.name() + ":" + p.architecture());
            }
        }
        created = Instant.ofEpochSecond(created.getEpochSecond());
        components = components == null ? ImageComponents.NONE : components;
    }
}
