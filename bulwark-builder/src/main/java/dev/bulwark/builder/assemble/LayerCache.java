package dev.bulwark.builder.assemble;

import dev.bulwark.core.Sha256;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.DigestParseException;
import dev.bulwark.oci.layer.FileLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Layers built before, by what they were built from: {@code <cache>/layers/<key>} records a layer's digest, diff_id and
 * sizes; the compressed bytes live in {@code <cache>/blobs/sha256/<hex>}. A key is the SHA-256 of everything the layer
 * depends on (see {@link #key}), so a hit is the same bytes a fresh build would write. Entries are written
 * atomically, blob first; a record whose blob is missing or has another size counts as a miss.
 */
final class LayerCache {
    /** Bump whenever layer contents change for the same inputs (e.g. a new generated file). */
    static final String FORMAT = "bulwark-layer-v7";

    private final Path records;
    private final Path blobs;

    LayerCache(Path cacheDir) {
        this.records = cacheDir.resolve("layers");
        this.blobs = cacheDir.resolve("blobs").resolve("sha256");
    }

    /** A cache key over the format version and the given parts, in order. */
    static String key(String... parts) {
        String[] all = new String[parts.length + 1];
        all[0] = FORMAT;
        System.arraycopy(parts, 0, all, 1, parts.length);
        return Sha256.key(all);
    }

    /**
     * The layers of {@code keys}, in order, when every one is cached and its blob passes the check; empty when any is
     * missing or damaged (the caller then builds). The blobs are hashed in one go ({@link Sha256#hex(List)}), which is
     * most of a warm rebuild, and only when every record is there.
     */
    Optional<List<FileLayer>> findAll(List<String> keys) {
        List<FileLayer> out = new ArrayList<>();
        for (String key : keys) {
            Optional<FileLayer> unproven = record(key);
            if (unproven.isEmpty()) {
                return Optional.empty();
            }
            out.add(unproven.get());
        }
        try {
            List<String> hashes = Sha256.hex(out.stream().map(FileLayer::file).toList());
            for (int i = 0; i < out.size(); i++) {
                if (!out.get(i).descriptor().digest().hex().equals(hashes.get(i))) {
                    return Optional.empty(); // damaged or foreign bytes: rebuild (put replaces the blob)
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /** The layer of {@code key} after checking its blob's SHA-256, or empty. */
    Optional<FileLayer> find(String key) {
        return findAll(List.of(key)).map(found -> found.get(0));
    }

    /** The layer {@code key} records, when its blob exists with the recorded size; its bytes are not yet proven. */
    private Optional<FileLayer> record(String key) {
        Path record = records.resolve(key);
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(record, StandardCharsets.UTF_8)) {
            p.load(in);
            Digest digest = Digest.parse(p.getProperty("digest"));
            Path blob = blobs.resolve(digest.hex());
            long size = Long.parseLong(p.getProperty("size"));
            if (!Files.isRegularFile(blob) || Files.size(blob) != size) {
                return Optional.empty(); // a missing or cut blob: rebuild the layer (put replaces the blob)
            }
            Descriptor d = new Descriptor(p.getProperty("mediaType"), digest, size);
            return Optional.of(new FileLayer(blob, d, Digest.parse(p.getProperty("diffId")),
                    Long.parseLong(p.getProperty("uncompressedSize"))));
        } catch (IOException | RuntimeException | DigestParseException e) {
            return Optional.empty();
        }
    }

    /** Moves a freshly written layer into the cache and returns it at its cached location. */
    FileLayer put(String key, FileLayer layer) throws IOException {
        Files.createDirectories(blobs);
        Files.createDirectories(records);
        Path blob = blobs.resolve(layer.descriptor().digest().hex());
        Files.move(layer.file(), blob, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String text = "digest=" + layer.descriptor().digest() + "\nsize=" + layer.descriptor().size() + "\nmediaType="
                + layer.descriptor().mediaType() + "\ndiffId=" + layer.diffId() + "\nuncompressedSize="
                + layer.uncompressedSize() + "\n";
        Path temp = dev.bulwark.core.TempFiles.createFile(records, "record");
        Files.writeString(temp, text.replace(":", "\\:"), StandardCharsets.UTF_8);
        dev.bulwark.core.TempFiles.replace(temp, records.resolve(key));
        return layer.at(blob);
    }
}
