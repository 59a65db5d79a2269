package dev.bulwark.builder.customize;

import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.spec.Spec;
import java.util.List;

/**
 * {@code variant: dev}: a customization that adds a shell and everyday tools for debugging — {@link #PACKAGES}, with
 * {@code /usr/bin/sh} pointing at dash as dash's maintainer script would make it — and is published under its
 * output's tag plus {@code -dev}, beside the runtime image it extends. It stays non-root; runtime rules (no shell,
 * no package manager) do not apply to it, which its {@link #ANNOTATION} says.
 */
public final class DevVariant {
    /** The debugging set: a POSIX shell and the coreutils, find and grep a shell session needs. */
    public static final List<String> PACKAGES = List.of("dash", "coreutils", "findutils", "grep");
    /** Manifest annotation naming the variant; policy rules for runtime images skip images that say "dev". */
    public static final String ANNOTATION = dev.bulwark.policy.model.ImageModel.VARIANT;
    public static final String SUFFIX = "-dev";

    private DevVariant() {
    }

    static boolean of(Spec spec) {
        return "dev".equals(spec.variant());
    }

    /** Where a dev variant goes for an output: the same place, its tag (default latest) with {@code -dev}. */
    public static ImageReference tagged(ImageReference out) {
        if (out instanceof ImageReference.OciLayout l) {
            return new ImageReference.OciLayout(l.dir(), (l.tag() == null ? "latest" : l.tag()) + SUFFIX);
        }
        if (out instanceof ImageReference.OciArchive a) {
            return new ImageReference.OciArchive(a.file(), (a.tag() == null ? "latest" : a.tag()) + SUFFIX);
        }
        if (out instanceof ImageReference.DockerArchive d && d.name() != null) {
            int colon = d.name().lastIndexOf(':');
            return new ImageReference.DockerArchive(d.file(), colon < 0 ? d.name() + ":latest" + SUFFIX
                    : d.name() + SUFFIX);
        }
        if (out instanceof ImageReference.Registry r && r.tag() != null) {
            return new ImageReference.Registry(r.host(), r.repository(), r.tag() + SUFFIX, null);
        }
        return out;
    }
}
