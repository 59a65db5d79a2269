package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Writable;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSink;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Transports;

/** Opens the sink an output reference names, refusing outputs that cannot hold what the build makes. */
final class Sinks {
    private Sinks() {
    }

    static ImageSink open(ImageReference ref, int platforms, RegistryOptions options) throws BuildException, OciException {
        if (ref instanceof ImageReference.DockerArchive && platforms > 1) {
            throw new BuildException(Kind.BAD_INPUT, "cannot write " + ref + ": a docker-archive holds one "
                    + "architecture; pick one with --arch, or write an oci: layout or a registry for several");
        }
        if (ref instanceof ImageReference.OciLayout l && l.tag() == null) {
            // Like docker, an untagged output is "latest", so tools that need a tag (umoci) find the image.
            return Transports.openSink(new ImageReference.OciLayout(l.dir(), "latest"), options);
        }
        return Transports.openSink(ref, options);
    }

    /** Checks an output before any work is done (including that it can be written); opening a sink has no side effects. */
    static void check(ImageReference ref, int platforms, RegistryOptions options) throws BulwarkException {
        open(ref, platforms, options);
        String remedy = "make it writable or choose another --output";
        if (ref instanceof ImageReference.OciLayout l) {
            Writable.target(l.dir(), "image to layout", remedy);
        } else if (ref instanceof ImageReference.OciArchive a) {
            Writable.target(a.file(), "image to", remedy);
        } else if (ref instanceof ImageReference.DockerArchive a) {
            Writable.target(a.file(), "image to", remedy);
        }
    }
}
