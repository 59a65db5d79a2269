package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Writable;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Transports;

/** Opens the destination an output reference names, refusing outputs that cannot hold what the build makes. */
final class Sinks {
    private Sinks() {
    }

    /**
     * Opens an output before any work is done, checking that it can be written; opening has no side effects, so
     * a refused build leaves every output untouched. The destination is what the build later writes through.
     */
    static Transports.Destination open(ImageReference ref, int platforms, RegistryOptions options)
            throws BulwarkException {
        if (ref instanceof ImageReference.DockerArchive && platforms > 1) {
            throw new BuildException(Kind.BAD_INPUT, "cannot write " + ref + ": a docker-archive holds one "
                    + "architecture; pick one with --arch, or write an oci: layout or a registry for several");
        }
        // Like docker, an untagged output is "latest", so tools that need a tag (umoci) find the image.
        ImageReference target = ref instanceof ImageReference.OciLayout l && l.tag() == null
                ? new ImageReference.OciLayout(l.dir(), "latest") : ref;
        Transports.Destination destination = Transports.openDestination(target, options);
        String remedy = "make it writable or choose another --output";
        if (ref instanceof ImageReference.OciLayout l) {
            Writable.target(l.dir(), "image to layout", remedy);
        } else if (ref instanceof ImageReference.OciArchive a) {
            Writable.target(a.file(), "image to", remedy);
        } else if (ref instanceof ImageReference.DockerArchive a) {
            Writable.target(a.file(), "image to", remedy);
        }
        return destination;
    }
}
