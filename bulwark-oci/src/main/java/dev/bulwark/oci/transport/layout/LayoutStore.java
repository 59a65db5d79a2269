package dev.bulwark.oci.transport.layout;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.DigestParseException;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.internal.AtomicFiles;
import dev.bulwark.oci.internal.HashingOutputStream;
import dev.bulwark.oci.internal.Json;
import dev.bulwark.oci.transport.Store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI image layout as a {@link Store}: blobs under {@code blobs/sha256}, tags as ref-name annotations in
 * {@code index.json}. A manifest stored without a tag is a blob only. Layouts have no referrers API, so
 * referrers use the tag scheme. Writes are atomic per file; concurrent writers are not coordinated.
 */
public final class LayoutStore implements Store {
    private final Path dir;
    /** Blobs this store wrote or hashed already: checked once per run, not once per reference to them. */
    private final java.util.Set<Digest> verified = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Whether this store made the layout (its directory was missing or empty), and which directory it created. */
    private boolean fresh;
    private Path created;
    /** Whether this store wrote index.json: from then on the layout is a real one and {@link #abandon} keeps it. */
    private boolean indexed;

    public LayoutStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    @Override
    public String toString() {
        return "oci:" + dir;
    }

    @Override
    public Optional<Descriptor> resolve(String reference) throws OciException {
        if (reference.startsWith(Digest.PREFIX)) {
            Digest d;
            try {
                d = Digest.parse(reference);
            } catch (DigestParseException e) {
                throw new OciException(Kind.BAD_INPUT, "cannot resolve " + reference + " in " + this + ": "
                        + e.getMessage(), e);
            }
            if (!Files.isRegularFile(LayoutFiles.blob(dir, d))) {
                return Optional.empty();
            }
            byte[] bytes = LayoutFiles.readBlob(dir, d);
            if (!Digest.of(bytes).equals(d)) {
                throw new OciException(Kind.ENVIRONMENT, "cannot read blob " + d + " of " + this
                        + ": digest mismatch (got " + Digest.of(bytes) + ")");
            }
            com.fasterxml.jackson.databind.JsonNode doc = Json.read(bytes, "manifest " + d);
            String mt = Json.text(doc, "mediaType");
            if (mt == null) { // mediaType is optional in both: an index lists manifests, a manifest has layers
                mt = doc.path("manifests").isArray() && !doc.has("layers") ? dev.bulwark.oci.MediaTypes.OCI_INDEX
                        : dev.bulwark.oci.MediaTypes.OCI_MANIFEST;
            }
            return Optional.of(Descriptor.of(mt, bytes));
        }
        ImageIndex index = LayoutFiles.readIndex(dir);
        if (index == null) {
            return Optional.empty();
        }
        return index.manifests().stream().filter(e -> reference.equals(e.refName())).findFirst()
                .map(e -> new Descriptor(e.mediaType(), e.digest(), e.size(), Map.of(), e.platform(), e.artifactType()));
    }

    @Override
    public byte[] manifest(Descriptor d) throws OciException {
        return LayoutFiles.readDocument(dir, d, toString());
    }

    @Override
    public boolean hasBlob(Descriptor d) throws OciException {
        if (verified.contains(d.digest())) {
            return true;
        }
        try {
            boolean intact = LayoutFiles.intact(dir, d.digest(), d.size());
            if (intact) {
                verified.add(d.digest());
            }
            return intact;
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot check blob " + d.digest() + " in " + this + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public InputStream blob(Descriptor d) throws OciException {
        return LayoutFiles.openVerified(dir, d, toString());
    }

    @Override
    public void putBlob(Descriptor d, Layers.Opener content) throws OciException {
        if (hasBlob(d)) {
            return;
        }
        try {
            ensureLayout();
            AtomicFiles.write(LayoutFiles.blob(dir, d.digest()), out -> {
                HashingOutputStream h = new HashingOutputStream(out);
                try (InputStream in = content.open()) {
                    in.transferTo(h);
                }
                if (!h.digest().equals(d.digest()) || h.count() != d.size()) {
                    throw new IOException("its content has digest " + h.digest() + " and size " + h.count()
                            + ", not " + d.digest() + " and " + d.size());
                }
            });
            verified.add(d.digest());
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot write blob " + d.digest() + " to " + this + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Descriptor putManifest(String mediaType, byte[] content, String tag) throws OciException {
        Descriptor d = Descriptor.of(mediaType, content);
        putBlob(d, () -> new java.io.ByteArrayInputStream(content));
        if (tag != null) {
            index(d, tag);
        }
        return d;
    }

    /**
     * Points {@code tag} at a stored manifest in index.json, or with a null tag adds it as an untagged entry. The
     * tag-scheme referrers of the manifest the tag pointed to go with it unless another entry still reaches it.
     */
    public void index(Descriptor root, String tag) throws OciException {
        try {
            ensureLayout();
            ImageIndex old = LayoutFiles.readIndex(dir);
            Descriptor entry = tag == null ? root : root.withAnnotations(Map.of(Descriptor.REF_NAME, tag));
            List<Descriptor> entries = new LayoutGraph(dir).replace(old == null ? List.of() : old.manifests(), entry, tag);
            AtomicFiles.write(dir.resolve(LayoutFiles.INDEX_FILE),
                    ImageIndex.oci(entries, old == null ? Map.of() : old.annotations()).toJson());
            indexed = true;
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot update index.json of " + this + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<List<Descriptor>> referrers(Digest subject) {
        return Optional.empty();
    }

    /**
     * After a failed write (a copy that stopped half way): when this store created the layout and never wrote its
     * index.json, removes what it created, so no half layout (an oci-layout and some blobs) stays behind.
     */
    public void abandon() {
        if (!fresh || indexed) {
            return;
        }
        fresh = false;
        if (created != null) {
            dev.bulwark.core.TempFiles.deleteTree(created);
            return;
        }
        try (var s = Files.list(dir)) {
            s.forEach(dev.bulwark.core.TempFiles::deleteTree);
        } catch (IOException e) {
            // nothing more we can do; the error that made the write fail is reported
        }
    }

    private void ensureLayout() throws IOException, OciException {
        Path layoutFile = dir.resolve(LayoutFiles.LAYOUT_FILE);
        if (!Files.exists(layoutFile)) {
            created = LayoutSink.firstMissing(dir);
            fresh = created != null || LayoutSink.isEmptyDir(dir);
            if (Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new OciException(Kind.BAD_INPUT, "cannot write to " + this
                                + ": the directory is not empty and is not an OCI layout");
                    }
                }
            }
            AtomicFiles.write(layoutFile, new String(LayoutFiles.LAYOUT_JSON, StandardCharsets.US_ASCII)
                    .getBytes(StandardCharsets.US_ASCII));
        }
        Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
    }
}
