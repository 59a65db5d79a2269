package dev.bulwark.oci;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** The {@code os/architecture[/variant]} an image runs on, as the OCI index and image config name it. */
public record Platform(String os, String architecture, String variant) implements Comparable<Platform> {
    private static final Pattern WORD = Pattern.compile("[a-z0-9_.-]+");
    private static final Map<String, Platform> DEBIAN = Map.of(
            "amd64", new Platform("linux", "amd64", null),
            "arm64", new Platform("linux", "arm64", "v8"),
            "armhf", new Platform("linux", "arm", "v7"),
            "armel", new Platform("linux", "arm", "v5"),
            "i386", new Platform("linux", "386", null),
            "ppc64el", new Platform("linux", "ppc64le", null),
            "s390x", new Platform("linux", "s390x", null),
            "riscv64", new Platform("linux", "riscv64", null));

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        if (!WORD.matcher(os).matches() || !WORD.matcher(architecture).matches()) {
            throw new IllegalArgumentException("bad platform os/architecture: " + os + "/" + architecture);
        }
        if (variant != null && (variant.isEmpty() || !WORD.matcher(variant).matches())) {
            throw new IllegalArgumentException("bad platform variant: " + variant);
        }
    }

    /** Parses {@code linux/arm64/v8} or {@code linux/amd64}. */
    public static Platform parse(String s) throws PlatformParseException {
        String[] parts = s == null ? new String[0] : s.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new PlatformParseException(s, "expected os/architecture[/variant]");
        }
        try {
            return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
        } catch (IllegalArgumentException e) {
            throw new PlatformParseException(s, e.getMessage());
        }
    }

    /** Maps a Debian architecture name (dpkg's) to the OCI platform, e.g. {@code armhf} → {@code linux/arm/v7}. */
    public static Platform fromDebianArch(String debianArch) throws PlatformParseException {
        Platform p = DEBIAN.get(debianArch);
        if (p == null) {
            throw new PlatformParseException(debianArch, "not a Debian architecture Bulwark knows: one of "
                    + new java.util.TreeSet<>(DEBIAN.keySet()));
        }
        return p;
    }

    @Override
    public int compareTo(Platform o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    /*
     * equals and hashCode written out: a record's generated ones are bound at their first call through
     * ObjectMethods, a bootstrap of about 10 ms that nearly every command paid here, when it chose a platform.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Platform p && os.equals(p.os) && architecture.equals(p.architecture)
                && Objects.equals(variant, p.variant);
    }

    @Override
    public int hashCode() {
        return (os.hashCode() * 31 + architecture.hashCode()) * 31 + Objects.hashCode(variant);
    }
}
