package dev.bulwark.oci.transport.registry;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.transport.ImageSink;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.StagedWrite;
import dev.bulwark.oci.transport.WriteResult;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Pushes images to a registry: every blob (skipping those the registry has), each manifest by digest, the
 * index (for several platforms, built exactly as {@code LayoutSink} builds it, so both give the same digest)
 * by digest, and only then the tag. A push that fails part-way leaves no tag behind, and run again uploads only
 * what is missing. {@link #stage} stops before the tag, so signatures and evidence can be attached to the digest
 * before the tag names it.
 */
public final class RegistrySink implements ImageSink {
    private final RegistryStore store;
    private final String tag;
    private final Digest expected;

    /** Pushes and tags {@code tag}; or, with a null tag, pushes by digest and checks it equals {@code expected}. */
    public RegistrySink(RegistryStore store, String tag, Digest expected) {
        this.store = Objects.requireNonNull(store, "store");
        if ((tag == null) == (expected == null)) {
            throw new IllegalArgumentException("a registry sink has exactly one of tag and digest");
        }
        this.tag = tag;
        this.expected = expected;
    }

    @Override
    public WriteResult write(ImageWrite write) throws OciException {
        StagedWrite staged = stage(write);
        staged.tag();
        return staged.written();
    }

    /**
     * Pushes blobs, manifests and the root by digest; the tag moves on {@link StagedWrite#tag()}. A registry
     * keeps what was pushed untagged if the publish stops before then: nothing pulls it by tag, and its garbage
     * collection may remove it, so there is nothing to take back.
     */
    @Override
    public StagedWrite stage(ImageWrite write) throws OciException {
        Map<Platform, Digest> manifests = new LinkedHashMap<>();
        List<Descriptor> descriptors = new ArrayList<>();
        List<byte[]> rawManifests = new ArrayList<>();
        for (Image image : write.images()) {
            pushBlobs(image);
            byte[] raw = image.rawManifest();
            Descriptor d = Descriptor.of(image.manifest().mediaType(), raw).withPlatform(image.platform());
            manifests.put(image.platform(), d.digest());
            descriptors.add(d);
            rawManifests.add(raw);
        }
        Descriptor root;
        byte[] rootBytes;
        Digest indexDigest = null;
        if (descriptors.size() == 1) {
            root = descriptors.get(0);
            rootBytes = rawManifests.get(0);
        } else {
            for (int i = 0; i < descriptors.size(); i++) {
                store.putManifest(descriptors.get(i).mediaType(), rawManifests.get(i), null);
            }
            descriptors.sort(Comparator.comparing(Descriptor::platform));
            rootBytes = ImageIndex.oci(descriptors, write.indexAnnotations()).toJson();
            root = Descriptor.of(MediaTypes.OCI_INDEX, rootBytes);
            indexDigest = root.digest();
        }
        if (expected != null && !expected.equals(root.digest())) {
            throw new OciException(Kind.BAD_INPUT, "cannot push to " + store + "@" + expected + ": the image's digest is "
                    + root.digest());
        }
        store.putManifest(root.mediaType(), rootBytes, null);
        String mediaType = root.mediaType();
        StagedWrite.Action tagMove = tag == null ? () -> { } : () -> store.putManifest(mediaType, rootBytes, tag);
        return new StagedWrite(new WriteResult(manifests, indexDigest, root), tagMove, () -> { });
    }

    /** Uploads an image's layers and config as one task of the progress, ending in one summary line. */
    private void pushBlobs(Image image) throws OciException {
        Progress progress = store.progress();
        byte[] config = image.rawConfig();
        long total = image.manifest().config().size();
        for (Layer layer : image.layers()) {
            total += layer.descriptor().size();
        }
        progress.begin("Pushing " + image.platform() + " to " + store, total);
        int sent = 0;
        int present = 0;
        long sentBytes = 0;
        List<Descriptor> blobs = new ArrayList<>();
        List<Layers.Opener> contents = new ArrayList<>();
        for (Layer layer : image.layers()) {
            blobs.add(layer.descriptor());
            contents.add(layer::open);
        }
        blobs.add(image.manifest().config());
        contents.add(() -> new ByteArrayInputStream(config));
        for (int i = 0; i < blobs.size(); i++) {
            Descriptor blob = blobs.get(i);
            if (store.upload(blob, contents.get(i))) {
                sent++;
                sentBytes += blob.size();
            } else {
                present++;
                progress.advance(blob.size());
            }
        }
        progress.end(String.format(Locale.ROOT, "pushed %s to %s: %d blobs sent (%.1f MB), %d already there",
                image.platform(), store, sent, sentBytes / 1e6, present));
    }
}
