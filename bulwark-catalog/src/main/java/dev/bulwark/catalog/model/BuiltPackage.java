package dev.bulwark.catalog.model;

/** One package of one build, for one Debian architecture ({@code arch}; {@code architecture} may be "all"). */
public record BuiltPackage(String arch, String name, String version, String architecture, String source,
        String sourceVersion, String suite, String filename, long size, String sha256) {
    public BuiltPackage {
        Checks.notBlank(arch, "arch");
        Checks.notBlank(name, "name");
        Checks.notBlank(version, "version");
        Checks.notBlank(architecture, "architecture");
        source = source == null || source.isBlank() ? name : source;
        sourceVersion = sourceVersion == null || sourceVersion.isBlank() ? version : sourceVersion;
        suite = suite == null ? "" : suite;
        filename = filename == null ? "" : filename;
        Checks.notNegative(size, "size");
        Checks.sha256(sha256, "sha256");
    }
}
