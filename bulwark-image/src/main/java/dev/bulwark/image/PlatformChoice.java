package dev.bulwark.image;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.PlatformParseException;
import java.util.List;
import java.util.Objects;

/**
 * The one rule every verb uses to pick one platform of an image. A wanted platform matches an image's when os and
 * architecture agree and the variants agree or either has none ({@code linux/arm64} matches {@code linux/arm64/v8}).
 * Without a wanted platform: the only one the image has; else the one of this machine's architecture; else the
 * verb asks — it fails (exit 2) listing the image's platforms and how to choose one.
 */
public final class PlatformChoice {

    /** How a user chooses, for the messages that ask. */
    public static final String HOW = "choose one with --platform OS/ARCH[/VARIANT] (or --arch ARCH)";

    private static final List<String> DEBIAN_ARCHS = List.of("amd64", "arm64", "armhf", "armel", "i386", "ppc64el",
            "s390x", "riscv64");

    private PlatformChoice() {
    }

    /** The Debian architecture of a platform ({@code linux/arm64} → {@code arm64}), for locks and archives. */
    public static String debianArch(Platform platform) throws ImageException {
        List<String> found = new java.util.ArrayList<>();
        for (String arch : DEBIAN_ARCHS) {
            try {
                if (matches(platform, Platform.fromDebianArch(arch))) {
                    found.add(arch);
                }
            } catch (PlatformParseException e) {
                throw new IllegalStateException("Debian architecture table out of step: " + arch, e);
            }
        }
        if (found.size() != 1) {
            throw new ImageException(Kind.BAD_INPUT, "cannot use platform " + platform + ": "
                    + (found.isEmpty() ? "no Debian architecture runs on it" : "it fits " + found + "; give its variant"));
        }
        return found.get(0);
    }

    /** The wanted platform from {@code --platform} or {@code --arch} (a Debian architecture); null when neither. */
    public static Platform wanted(String platform, String debianArch) throws ImageException {
        if (platform != null && debianArch != null) {
            throw new ImageException(Kind.BAD_INPUT, "cannot choose a platform: give --platform or --arch, not both");
        }
        try {
            return platform != null ? Platform.parse(platform)
                    : debianArch != null ? Platform.fromDebianArch(debianArch) : null;
        } catch (PlatformParseException e) {
            throw new ImageException(Kind.BAD_INPUT, "cannot choose a platform: " + e.getMessage()
                    + "; give --platform OS/ARCH[/VARIANT], e.g. linux/arm64, or --arch with a Debian architecture", e);
        }
    }

    /** Whether the image platform {@code candidate} is what {@code wanted} asks for. */
    public static boolean matches(Platform wanted, Platform candidate) {
        return wanted.os().equals(candidate.os()) && wanted.architecture().equals(candidate.architecture())
                && (wanted.variant() == null || candidate.variant() == null
                        || wanted.variant().equals(candidate.variant()));
    }

    /** The platforms of {@code available} that {@code wanted} matches (all when null); fails when none does. */
    public static List<Platform> matching(List<Platform> available, Platform wanted) throws ImageException {
        if (wanted == null) {
            return List.copyOf(available);
        }
        List<Platform> out = available.stream().filter(p -> matches(wanted, p)).toList();
        if (out.isEmpty()) {
            throw new ImageException(Kind.BAD_INPUT, "cannot pick platform " + wanted + ": the image has "
                    + available + "; " + HOW);
        }
        return out;
    }

    /** The one platform of {@code available} the rule picks for {@code wanted} (null: none given) on {@code hostArch}. */
    public static Platform choose(List<Platform> available, Platform wanted, String hostArch) throws ImageException {
        Objects.requireNonNull(available, "available");
        if (available.isEmpty()) {
            throw new ImageException(Kind.BAD_INPUT, "cannot pick a platform: the image lists none");
        }
        if (wanted != null) {
            List<Platform> found = matching(available, wanted);
            if (found.size() == 1) {
                return found.get(0);
            }
            return found.stream().filter(wanted::equals).findFirst().orElseThrow(() -> new ImageException(
                    Kind.BAD_INPUT, "cannot pick platform " + wanted + ": it matches " + found + "; " + HOW));
        }
        if (available.size() == 1) {
            return available.get(0);
        }
        List<Platform> host = available.stream().filter(p -> p.os().equals("linux")
                && p.architecture().equals(hostArch)).toList();
        if (host.size() == 1) {
            return host.get(0);
        }
        throw new ImageException(Kind.BAD_INPUT, "cannot pick an image for this machine (" + hostArch + "): the image has "
                + available + (host.isEmpty() ? "" : ", " + host.size() + " of them for " + hostArch) + "; " + HOW);
    }
}
