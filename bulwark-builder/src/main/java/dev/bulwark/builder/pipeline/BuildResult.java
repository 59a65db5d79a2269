package dev.bulwark.builder.pipeline;

import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.WriteResult;
import java.util.List;
import java.util.Map;

/**
 * What a build made: the lock it used (and whether it was written now), the images per architecture with their
 * manifest digests, and what each output now holds (index digest when several architectures).
 */
public record BuildResult(Lockfile lock, boolean lockWritten, DebFetcher.FetchResult fetch, Map<String, Image> images,
        List<Output> outputs) {

    /** One written output; {@code signed} when signatures and attestations were attached to it. */
    /** {@code reference} as written: an untagged {@code oci:DIR} output is {@code oci:DIR:latest}. */
    public record Output(ImageReference reference, WriteResult written, boolean signed) {
    }

    public BuildResult {
        images = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(images));
        outputs = List.copyOf(outputs);
    }

    /** Manifest digest per architecture. */
    public Map<String, Digest> manifests() {
        Map<String, Digest> m = new java.util.TreeMap<>();
        images.forEach((arch, image) -> m.put(arch, image.digest()));
        return m;
    }
}
