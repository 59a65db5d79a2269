package dev.bulwark.oci.transport;

import dev.bulwark.oci.OciException;

/** Somewhere images can be written: an OCI layout, a docker archive, a registry. */
public interface ImageSink {

    /** Writes all images (and an index when there are several) and points the sink's tag at them. */
    WriteResult write(ImageWrite write) throws OciException;

    /**
     * Stores all images (and their index) by digest and leaves the tag to {@link StagedWrite#tag()}, so a publish can
     * attach evidence to the digest first and move the tag last. Sinks without tags to hold back (archives, which
     * carry no evidence either) write everything here.
     */
    default StagedWrite stage(ImageWrite write) throws OciException {
        return StagedWrite.done(write(write));
    }
}
