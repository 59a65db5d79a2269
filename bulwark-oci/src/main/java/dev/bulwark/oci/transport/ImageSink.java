package dev.bulwark.oci.transport;

import dev.bulwark.oci.OciException;

/** Somewhere images can be written: an OCI layout, a docker archive, later a registry. */
public interface ImageSink {

    /** Writes all images (and an index when there are several) and points the sink's tag at them. */
    WriteResult write(ImageWrite write) throws OciException;
}
