package dev.bulwark.catalog.model;

/** An image whose build {@code build} installs package {@code name} {@code version} on {@code arch}. */
public record PackageUse(String image, int build, boolean current, String arch, String name, String version,
        String source, String sourceVersion) {
    public PackageUse {
        Checks.name(image);
        Checks.notBlank(arch, "arch");
        Checks.notBlank(name, "name");
        Checks.notBlank(version, "version");
    }
}
