package dev.bulwark.attest.provenance;

import dev.bulwark.attest.intoto.Subject;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a build's SLSA provenance states. {@code subjects}: the image's manifests and its index.
 * {@code specName}/{@code specContent}: the spec as the user wrote it (its digest is computed).
 * {@code lockName}/{@code lockContent}: the lock it was built from, or both null.
 * {@code resolvedDependencies}: every {@code .deb} (name = pool path, uri = purl) and every InRelease used.
 * {@code byproducts}: the SBOMs. {@code internalParameters}: e.g. archs and SOURCE_DATE_EPOCH, strings only.
 * Lists are sorted so equal inputs give equal bytes.
 */
public record ProvenanceInput(List<Subject> subjects, String specName, String specContent, String lockName,
                              String lockContent, Map<String, String> internalParameters, List<ResourceDescriptor> resolvedDependencies,
                              List<ResourceDescriptor> byproducts, String builderVersion) {

    public ProvenanceInput {
        subjects = subjects.stream().sorted(Comparator.comparing(Subject::name).thenComparing(Subject::digest))
                .distinct().toList();
        Objects.requireNonNull(specName, "specName");
        Objects.requireNonNull(specContent, "specContent");
        Objects.requireNonNull(builderVersion, "builderVersion");
        if ((lockName == null) != (lockContent == null)) {
            throw new IllegalArgumentException("a lock needs both a name and content");
        }
        internalParameters = java.util.Collections.unmodifiableMap(new TreeMap<>(internalParameters));
        Comparator<ResourceDescriptor> order = Comparator.comparing(ResourceDescriptor::name)
                .thenComparing(ResourceDescriptor::sha256);
        resolvedDependencies = resolvedDependencies.stream().sorted(order).distinct().toList();
        byproducts = byproducts.stream().sorted(order).distinct().toList();
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("provenance needs at least one subject");
        }
    }
}
