package dev.bulwark.builder.pipeline;

import dev.bulwark.attest.sbom.SbomFormat;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SBOMs and provenance made for a build, kept by everything they depend on (the image's digest, spec, lock, archs,
 * Bulwark's version), so a warm rebuild attaches them again without reading every layer. Entries are written file by
 * file through temp names; a missing file is a miss.
 */
final class EvidenceCache {

    /** The cached documents: SBOMs per platform and format, and the provenance (may be null). */
    record Entry(Map<Platform, Map<SbomFormat, byte[]>> sboms, byte[] provenance) {
    }

    /** Bump whenever the SBOM or provenance generators change what they write for the same inputs. */
    static final String FORMAT = "bulwark-evidence-v2";

    private final Path dir;

    EvidenceCache(Path cacheDir, String key) {
        this.dir = cacheDir.resolve("evidence").resolve(key);
    }

    static String key(String... parts) {
        return dev.bulwark.core.Sha256.key(parts);
    }

    Entry get(List<Image> images) {
        Map<Platform, Map<SbomFormat, byte[]>> sboms = new LinkedHashMap<>();
        try {
            for (Image image : images) {
                Map<SbomFormat, byte[]> formats = new EnumMap<>(SbomFormat.class);
                for (SbomFormat f : SbomFormat.values()) {
                    Path file = dir.resolve(name(image.platform(), f));
                    if (!Files.isRegularFile(file)) {
                        return null;
                    }
                    formats.put(f, Files.readAllBytes(file));
                }
                sboms.put(image.platform(), formats);
            }
            Path provenance = dir.resolve("provenance.json");
            return new Entry(sboms, Files.isRegularFile(provenance) ? Files.readAllBytes(provenance) : null);
        } catch (IOException e) {
            return null;
        }
    }

    Entry put(List<Image> images, Map<Platform, Map<SbomFormat, byte[]>> sboms, byte[] provenance) {
        try {
            Files.createDirectories(dir);
            if (provenance != null) {
                write("provenance.json", provenance);
            }
            for (Image image : images) {
                for (Map.Entry<SbomFormat, byte[]> e : sboms.get(image.platform()).entrySet()) {
                    write(name(image.platform(), e.getKey()), e.getValue());
                }
            }
        } catch (IOException e) {
            // Only a speed-up: the next build generates them again.
        }
        return new Entry(sboms, provenance);
    }

    private void write(String name, byte[] bytes) throws IOException {
        Path temp = dev.bulwark.core.TempFiles.createFile(dir, "evidence");
        try {
            Files.write(temp, bytes);
            dev.bulwark.core.TempFiles.replace(temp, dir.resolve(name));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String name(Platform p, SbomFormat f) {
        return (p.os() + "-" + p.architecture() + (p.variant() == null ? "" : "-" + p.variant()) + "." + f.name())
                .replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
    }
}
