package dev.bulwark.server.dashboard;

import dev.bulwark.catalog.model.Publication;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build's evidence (SBOMs, provenance, reports) from where the build was published: the catalog holds the digest
 * of each evidence artifact, the registry or layout holds the artifact as a referrer of the image. The artifact
 * manifest and its blob are both checked against their digests (by the store, and the blob once more here) before
 * a byte is served; only checked bytes are kept, at most {@link #CACHE_BYTES} of them in all, the least recently
 * served dropped first.
 */
final class EvidenceStore {
    /** The evidence is bigger than anyone needs from a browser; refused rather than held in memory. */
    static final long MAX_BYTES = 64L << 20;
    /** The most evidence kept in memory at once, summed over every cached blob. */
    static final long CACHE_BYTES = 64L << 20;

    /** Checked evidence: the blob's media type, digest and bytes. */
    record Evidence(String mediaType, Digest blobDigest, byte[] bytes) {
    }

    private final RegistryOptions options;
    private final long cacheBytes;
    /** In access order: the first entry is the least recently served. Guarded by itself. */
    private final Map<String, Evidence> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cached;

    EvidenceStore(RegistryOptions options) {
        this(options, CACHE_BYTES);
    }

    EvidenceStore(RegistryOptions options, long cacheBytes) {
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cacheBytes must not be negative: " + cacheBytes);
        }
        this.options = options;
        this.cacheBytes = cacheBytes;
    }

    /** The bytes of evidence held in memory now; never more than the cache's budget. */
    long cachedBytes() {
        synchronized (cache) {
            return cached;
        }
    }

    private void keep(String digest, Evidence e) {
        long size = e.bytes().length;
        synchronized (cache) {
            if (size > cacheBytes || cache.containsKey(digest)) {
                return;
            }
            var eldest = cache.values().iterator();
            while (cached + size > cacheBytes && eldest.hasNext()) {
                cached -= eldest.next().bytes().length;
                eldest.remove();
            }
            cache.put(digest, e);
            cached += size;
        }
    }

    /**
     * The evidence artifact {@code digest}, from the first of {@code references} that holds it. Fails naming
     * every place tried when none does.
     */
    Evidence fetch(List<Publication> references, String digest) throws OciException {
        synchronized (cache) {
            Evidence cached = cache.get(digest);
            if (cached != null) {
                return cached;
            }
        }
        Digest artifact = Digest.parse(digest);
        List<String> tried = new ArrayList<>();
        for (Publication p : references) {
            Optional<Store> store = store(p.reference(), tried);
            if (store.isEmpty()) {
                continue;
            }
            try {
                Optional<Descriptor> found = store.get().resolve(artifact.toString());
                if (found.isEmpty()) {
                    tried.add(p.reference() + ": no such artifact");
                    continue;
                }
                Evidence e = read(store.get(), found.get(), digest);
                keep(digest, e);
                return e;
            } catch (OciException e) {
                tried.add(p.reference() + ": " + e.getMessage());
            }
        }
        throw new OciException(Kind.ENVIRONMENT, "cannot fetch evidence " + digest + ": "
                + (tried.isEmpty() ? "the build was not published to a registry or layout" : String.join("; ", tried)));
    }

    private Optional<Store> store(String reference, List<String> tried) {
        try {
            ImageReference ref = ImageReference.parse(reference);
            if (ref instanceof ImageReference.OciLayout l && !Files.isDirectory(l.dir())) {
                tried.add(reference + ": the layout is not there");
                return Optional.empty();
            }
            if (!(ref instanceof ImageReference.OciLayout || ref instanceof ImageReference.Registry)) {
                return Optional.empty();
            }
            return Optional.of(Transports.openStore(ref, options));
        } catch (OciException e) {
            tried.add(reference + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Evidence read(Store store, Descriptor artifact, String digest) throws OciException {
        Manifest m = Manifest.parse(store.manifest(artifact));
        if (m.layers().size() != 1) {
            throw new OciException(Kind.BAD_INPUT, "cannot read evidence " + digest + ": it has " + m.layers().size()
                    + " blobs, not one");
        }
        Descriptor blob = m.layers().get(0);
        if (blob.size() > MAX_BYTES) {
            throw new OciException(Kind.BAD_INPUT, "cannot read evidence " + digest + ": " + blob.size()
                    + " bytes is more than the dashboard serves (" + MAX_BYTES + ")");
        }
        byte[] bytes;
        try (InputStream in = store.blob(blob)) {
            bytes = in.readNBytes((int) blob.size() + 1);
            if (in.read() >= 0 || bytes.length != blob.size()) {
                throw new IOException("the blob is not " + blob.size() + " bytes long");
            }
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read evidence " + digest + ": " + e.getMessage(), e);
        }
        MessageDigest sha = Digest.sha256();
        if (!Digest.fromHash(sha.digest(bytes)).equals(blob.digest())) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read evidence " + digest + ": its blob does not match "
                    + blob.digest());
        }
        return new Evidence(blob.mediaType(), blob.digest(), bytes);
    }
}
