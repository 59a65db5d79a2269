package dev.bulwark.policy.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything rules look at in one image (docs/policy.md describes it as CEL sees it): a name for reports, the
 * manifest digest (null for a root directory), the platform, config, merged file tree, installed packages with
 * licences, vulnerability findings (empty unless a scan ran), manifest annotations, the base it was built from
 * (from {@code org.opencontainers.image.base.*}) and the evidence attached to it (null when not looked up).
 */
public record ImageModel(String name, String digest, String platform, ConfigFact config, List<FileFact> files,
        List<PackageFact> packages, List<VulnerabilityFact> vulnerabilities, Map<String, String> annotations,
        EvidenceFact evidence, FileContents contents) {

    public static final String BASE_NAME = "org.opencontainers.image.base.name";
    public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";
    /** Set to "dev" on a dev variant (a shell and debugging tools on purpose), which runtime-only rules skip. */
    public static final String VARIANT = "dev.bulwark.variant";

    public ImageModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(contents, "contents");
        platform = platform == null ? "" : platform;
        files = List.copyOf(files);
        packages = List.copyOf(packages);
        vulnerabilities = List.copyOf(vulnerabilities);
        annotations = Map.copyOf(annotations);
    }

    public ImageModel withVulnerabilities(List<VulnerabilityFact> v) {
        return new ImageModel(name, digest, platform, config, files, packages, v, annotations, evidence, contents);
    }

    public ImageModel withEvidence(EvidenceFact e) {
        return new ImageModel(name, digest, platform, config, files, packages, vulnerabilities, annotations, e, contents);
    }

    /** Whether this is a dev variant: runtime rules (no shell, no package manager) do not apply to it. */
    public boolean isDevVariant() {
        return "dev".equals(annotations.get(VARIANT));
    }

    /** The file at {@code path} exactly as listed (no link following). */
    public Optional<FileFact> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
