package dev.bulwark.oci.transport.registry;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.DigestParseException;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.internal.Blobs;
import dev.bulwark.oci.transport.Store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One repository on a registry, through the distribution API: manifests by tag or digest (every one read is
 * checked against its digest), blobs with a HEAD before each upload, monolithic uploads up to
 * {@code chunkSize} and chunked ones above it, cross-repository mounts, and the OCI 1.1 referrers API where
 * the registry has it. An upload that fails part-way is started again from scratch, with backoff.
 */
public final class RegistryStore implements Store {
    /** Manifests and indexes above this are refused rather than read into memory. */
    static final int MAX_MANIFEST = 4 << 20;
    static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
    public static final long DEFAULT_CHUNK = 32L << 20;

    private final RegistryClient client;
    private final String repository;
    private final Progress progress;
    private final long chunkSize;

    public RegistryStore(RegistryClient client, String repository, Progress progress, long chunkSize) {
        this.client = Objects.requireNonNull(client, "client");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.progress = progress == null ? Progress.NONE : progress;
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    public String repository() {
        return repository;
    }

    public String host() {
        return client.host();
    }

    @Override
    public String toString() {
        return client.host() + "/" + repository;
    }

    private String pull() {
        return "repository:" + repository + ":pull";
    }

    private String push() {
        return "repository:" + repository + ":pull,push";
    }

    private URI uri(String kind, String reference) {
        return client.uri("/v2/" + repository + "/" + kind + "/" + reference);
    }

    /**
     * {@inheritDoc} A reference pinned by digest resolves only to that digest: a registry that names or sends another
     * manifest for it fails the resolve, so nothing later checks bytes against a digest the registry chose.
     */
    @Override
    public Optional<Descriptor> resolve(String reference) throws OciException {
        Digest pinned = pinnedDigest(reference);
        HttpResponse<InputStream> r = client.sendAndClose(new RegistryClient.Call("resolve " + this + ":" + reference,
                pull(), () -> HttpRequest.newBuilder(uri("manifests", reference)).header("Accept", ACCEPT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), Set.of(200, 404)));
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        String mediaType = r.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "").trim();
        String digest = r.headers().firstValue("Docker-Content-Digest").orElse(null);
        long size = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (pinned != null) {
            if (digest != null && !digest.equals(pinned.toString())) {
                throw substituted(reference, pinned, digest, " as its Docker-Content-Digest");
            }
            digest = pinned.toString();
        }
        if (digest == null || size < 0 || mediaType.isEmpty()) {
            return Optional.of(fetchDescriptor(reference, pinned));
        }
        try {
            return Optional.of(new Descriptor(mediaType, Digest.parse(digest), size));
        } catch (DigestParseException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot resolve " + this + ":" + reference
                    + ": the registry sent a bad digest header: " + e.getMessage(), e);
        }
    }

    /** The digest a {@code sha256:} reference pins, or null for a tag. */
    private Digest pinnedDigest(String reference) throws OciException {
        if (!reference.startsWith(Digest.PREFIX)) {
            return null;
        }
        try {
            return Digest.parse(reference);
        } catch (DigestParseException e) {
            throw new OciException(Kind.BAD_INPUT, "cannot resolve " + this + ":" + reference
                    + ": not a valid digest: " + e.getMessage(), e);
        }
    }

    /**
     * GETs the manifest and describes what came: for registries whose HEAD lacks digest or type. With a
     * {@code pinned} digest the body must hash to it, since the descriptor made here is what later reads check against.
     */
    private Descriptor fetchDescriptor(String reference, Digest pinned) throws OciException {
        HttpResponse<InputStream> r = client.send(new RegistryClient.Call("read manifest " + this + ":" + reference,
                pull(), () -> HttpRequest.newBuilder(uri("manifests", reference)).header("Accept", ACCEPT).GET(),
                Set.of(200)));
        byte[] bytes = readManifestBody(r, reference);
        Digest served = Digest.of(bytes);
        if (pinned != null && !served.equals(pinned)) {
            throw substituted(reference, pinned, served.toString(), "");
        }
        String mediaType = r.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "").trim();
        if (!MediaTypes.isManifest(mediaType) && !MediaTypes.isIndex(mediaType)) {
            mediaType = mediaTypeOf(bytes, reference);
        }
        return Descriptor.of(mediaType, bytes);
    }

    /**
     * A registry that answered a digest-pinned reference with another manifest: ENVIRONMENT, as every other digest
     * mismatch of a store ({@link dev.bulwark.oci.internal.Blobs#failure}), since the store, not the user, is at fault.
     */
    private OciException substituted(String reference, Digest pinned, String served, String how) {
        return new OciException(Kind.ENVIRONMENT, "cannot resolve " + this + ":" + reference + ": digest mismatch"
                + " (asked for " + pinned + ", the registry sent " + served + how + "); the registry does not hold the"
                + " manifest the reference pins, or something between rewrote it: pull from a trusted registry");
    }

    @Override
    public byte[] manifest(Descriptor d) throws OciException {
        String what = "manifest " + d.digest() + " from " + this;
        HttpResponse<InputStream> r = client.send(new RegistryClient.Call("read " + what, pull(),
                () -> HttpRequest.newBuilder(uri("manifests", d.digest().toString())).header("Accept", ACCEPT).GET(),
                Set.of(200)));
        return Blobs.document(r.body(), d, toString());
    }

    private byte[] readManifestBody(HttpResponse<InputStream> r, String reference) throws OciException {
        try (InputStream in = r.body()) {
            byte[] b = in.readNBytes(MAX_MANIFEST + 1);
            if (b.length > MAX_MANIFEST) {
                throw new OciException(Kind.BAD_INPUT, "cannot read manifest " + this + ":" + reference
                        + ": larger than " + MAX_MANIFEST + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read manifest " + this + ":" + reference + ": "
                    + e.getMessage(), e);
        }
    }

    static String mediaTypeOf(byte[] manifest, String what) throws OciException {
        String mt = dev.bulwark.oci.internal.Json.text(dev.bulwark.oci.internal.Json.read(manifest, "manifest " + what),
                "mediaType");
        if (mt != null) {
            return mt;
        }
        return dev.bulwark.oci.internal.Json.read(manifest, "manifest " + what).has("manifests")
                ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }

    @Override
    public boolean hasBlob(Descriptor d) throws OciException {
        HttpResponse<InputStream> r = client.sendAndClose(new RegistryClient.Call("check blob " + d.digest() + " in "
                + this, pull(), () -> HttpRequest.newBuilder(uri("blobs", d.digest().toString()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), Set.of(200, 404)));
        return r.statusCode() == 200;
    }

    @Override
    public InputStream blob(Descriptor d) throws OciException {
        HttpResponse<InputStream> r = client.send(new RegistryClient.Call("read blob " + d.digest() + " from " + this,
                pull(), () -> HttpRequest.newBuilder(uri("blobs", d.digest().toString())).GET(), Set.of(200), true));
        return Blobs.stream(r.body(), d, toString());
    }

    @Override
    public void putBlob(Descriptor d, Layers.Opener content) throws OciException {
        upload(d, content);
    }

    /** Stores a blob unless the registry has it; true when it was sent (its bytes advance the progress). */
    boolean upload(Descriptor d, Layers.Opener content) throws OciException {
        if (hasBlob(d)) {
            return false;
        }
        new BlobUpload(client, this::uploadsUri, push(), d, content, chunkSize, progress, toString()).run();
        return true;
    }

    Progress progress() {
        return progress;
    }

    private URI uploadsUri(String query) {
        return client.uri("/v2/" + repository + "/blobs/uploads/" + query);
    }

    /**
     * Mounts a blob from another repository of the same registry without uploading it; false when the registry
     * declined (then push it as usual).
     */
    public boolean mount(Descriptor d, String fromRepository) throws OciException {
        String query = "?mount=" + RegistryClient.enc(d.digest().toString()) + "&from=" + RegistryClient.enc(fromRepository);
        HttpResponse<InputStream> r = client.sendAndClose(new RegistryClient.Call("mount blob " + d.digest() + " from "
                + fromRepository + " into " + this, push() + " repository:" + fromRepository + ":pull",
                () -> HttpRequest.newBuilder(uploadsUri(query)).POST(HttpRequest.BodyPublishers.noBody()),
                Set.of(201, 202)));
        return r.statusCode() == 201;
    }

    @Override
    public Descriptor putManifest(String mediaType, byte[] content, String tag) throws OciException {
        Descriptor d = Descriptor.of(mediaType, content);
        String reference = tag == null ? d.digest().toString() : tag;
        HttpResponse<InputStream> r = client.sendAndClose(new RegistryClient.Call("push manifest " + d.digest() + " to "
                + this + ":" + reference, push(), () -> HttpRequest.newBuilder(uri("manifests", reference))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(content)),
                Set.of(200, 201)));
        String echoed = r.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (echoed != null && !echoed.equals(d.digest().toString())) {
            throw new OciException(Kind.ENVIRONMENT, "cannot push manifest " + d.digest() + " to " + this
                    + ": the registry stored it as " + echoed);
        }
        return d;
    }

    @Override
    public Optional<List<Descriptor>> referrers(Digest subject) throws OciException {
        HttpResponse<InputStream> r = client.send(new RegistryClient.Call("list referrers of " + subject + " in " + this,
                pull(), () -> HttpRequest.newBuilder(uri("referrers", subject.toString()))
                .header("Accept", MediaTypes.OCI_INDEX).GET(), Set.of(200, 400, 404, 405)));
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (r.statusCode() != 200 || !type.startsWith(MediaTypes.OCI_INDEX)) {
            RegistryClient.drain(r);
            return Optional.empty();
        }
        byte[] body = readManifestBody(r, "referrers/" + subject);
        return Optional.of(ImageIndex.parse(body).manifests());
    }
}
