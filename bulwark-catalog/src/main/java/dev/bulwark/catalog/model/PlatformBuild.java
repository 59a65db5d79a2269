package dev.bulwark.catalog.model;

/** The image one build made for one platform. */
public record PlatformBuild(String arch, String platform, String manifestDigest, String configDigest, int layers,
        long compressedBytes) {
    public PlatformBuild {
        Checks.notBlank(arch, "arch");
        Checks.notBlank(platform, "platform");
        Checks.digest(manifestDigest, "manifestDigest");
        Checks.digest(configDigest, "configDigest");
        Checks.notNegative(layers, "layers");
        Checks.notNegative(compressedBytes, "compressedBytes");
    }
}
