package dev.bulwark.builder.customize;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecLines;
import java.nio.file.Path;

/**
 * What a customization's {@code base:} names: another spec (built from its own lock) or an image. An image on a
 * registry must be pinned by digest — a tag can move, and then the same spec and lock would build a different
 * image — unless the caller allows unpinned bases explicitly.
 */
sealed interface BaseReference {

    /** A base spec file, already confined to the customization's folder by the parser. */
    record SpecFile(Path file) implements BaseReference {
        @Override
        public String toString() {
            return file.toString();
        }
    }

    /** An image reference; {@code written} is the text the spec has, used as {@code base.name}. */
    record Image(ImageReference ref, String written) implements BaseReference {
        @Override
        public String toString() {
            return written;
        }
    }

    static BaseReference of(Spec spec, SpecLines lines, boolean allowUnpinned) throws BuildException {
        String base = spec.base();
        if (!base.contains(":") && (base.endsWith(".yaml") || base.endsWith(".yml"))) {
            return new SpecFile(Path.of(base));
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(base);
        } catch (BulwarkException e) {
            throw new BuildException(Kind.BAD_INPUT, "cannot use base '" + base + "' (" + lines.at("base") + "): "
                    + e.getMessage() + "; name a spec file (.yaml), oci:DIR[:TAG], or docker://HOST/REPO@sha256:…", e);
        }
        if (ref instanceof ImageReference.Registry r && r.digest() == null && !allowUnpinned) {
            throw new BuildException(Kind.BAD_INPUT, "cannot use base '" + base + "' (" + lines.at("base") + "): a "
                    + "registry tag can move to another image, so the same spec and lock would build something else; pin "
                    + "it by digest (" + r.host() + "/" + r.repository() + "@sha256:…, see 'skopeo inspect') or pass "
                    + "--allow-unpinned-base");
        }
        if (ref instanceof ImageReference.DockerArchive || ref instanceof ImageReference.OciArchive) {
            throw new BuildException(Kind.BAD_INPUT, "cannot use base '" + base + "' (" + lines.at("base") + "): an "
                    + "archive carries no provenance, which says how the base was built; copy it to an oci: layout or a "
                    + "registry with its referrers ('bulwark copy'), or name its spec");
        }
        return new Image(ref, base);
    }
}
