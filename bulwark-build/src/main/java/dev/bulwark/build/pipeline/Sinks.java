package dev.bulwark.build.pipeline;

import dev.bulwark.build.BuildException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.archive.DockerArchiveSink;
import dev.bulwark.oci.layout.LayoutSink;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.ref.ImageSink;

/** Opens the sink an output reference names. */
final class Sinks {
    private Sinks() {
    }

    static ImageSink open(ImageReference ref, int platforms) throws BuildException {
        if (ref instanceof ImageReference.OciLayout l) {
            // Like docker, an untagged output is "latest", so tools that need a tag (umoci) find the image.
            return new LayoutSink(l.dir(), l.tag() == null ? "latest" : l.tag());
        }
        if (ref instanceof ImageReference.DockerArchive d) {
            if (platforms > 1) {
                throw new BuildException(Kind.BAD_INPUT, "cannot write " + ref + ": a docker-archive holds one "
                        + "architecture; pick one with --arch, or write an oci: layout for several");
            }
            return new DockerArchiveSink(d.file(), d.name());
        }
        throw new BuildException(Kind.BAD_INPUT, "cannot write " + ref + ": this build writes oci: and docker-archive: outputs");
    }
}
