package dev.bulwark.server.reference;

import dev.bulwark.catalog.model.ScanSummary;
import dev.bulwark.catalog.model.Vulnerability;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What was read from an allowed reference at one digest: the platforms compared ({@code archs}, Debian names), their
 * compressed size (layers, summed over those platforms, as the catalog counts a build), the installed packages of
 * each, and the scan of them with the catalog's advisory sources.
 */
public record ReferenceFacts(String name, String reference, String digest, List<String> archs, long compressedBytes,
        List<Package> packages, ScanSummary scan, List<Vulnerability> findings, Instant readAt) {

    /** One installed package of one platform. */
    public record Package(String arch, String name, String version) {
        public Package {
            Objects.requireNonNull(arch, "arch");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
        }
    }

    public ReferenceFacts {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(readAt, "readAt");
        archs = List.copyOf(archs);
        packages = List.copyOf(packages);
        findings = List.copyOf(findings);
        if (compressedBytes < 0) {
            throw new IllegalArgumentException("a size is not negative: " + compressedBytes);
        }
    }
}
