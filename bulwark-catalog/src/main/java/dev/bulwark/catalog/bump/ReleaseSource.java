package dev.bulwark.catalog.bump;

import java.util.List;
import java.util.Optional;

/**
 * Where a bump learns the releases of images: the catalog, a Bulwark server's API or a release feed. A source hands
 * out only digests it read well-formed, each tied to the repository it was published to.
 */
public interface ReleaseSource {
    /** How to name the source in messages: "catalog /var/lib/bulwark/catalog.db". */
    String describe();

    /** The image published to {@code repository} ({@code HOST/NAME}) and its builds there, when this source has one. */
    Optional<Track> track(String repository) throws BumpException;

    /** The vulnerabilities build {@code from} of the track's image had and build {@code to} no longer has. */
    List<Fix> fixed(Track track, int from, int to) throws BumpException;
}
