package dev.bulwark.oci;

/** Media types of the OCI image spec 1.1 and of Docker's image manifest v2 schema 2. */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_LAYER_ZSTD = "application/vnd.docker.image.rootfs.diff.tar.zstd";

    private MediaTypes() {
    }

    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    public static boolean isLayer(String mediaType) {
        return compressionOf(mediaType) != null;
    }

    /** "none", "gzip" or "zstd" for a known layer media type; null when the type is not a layer type. */
    public static String compressionOf(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        return switch (mediaType) {
            case OCI_LAYER -> "none";
            case OCI_LAYER_GZIP, DOCKER_LAYER_GZIP -> "gzip";
            case OCI_LAYER_ZSTD, DOCKER_LAYER_ZSTD -> "zstd";
            default -> null;
        };
    }

    /** True for the Docker schema 2 family, whose manifest must name Docker config and layer types. */
    public static boolean isDocker(String mediaType) {
        return mediaType != null && mediaType.startsWith("application/vnd.docker.");
    }
}
