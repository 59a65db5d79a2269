package dev.bulwark.builder.pipeline;

import dev.bulwark.attest.Evidence;
import dev.bulwark.attest.EvidenceRequest;
import dev.bulwark.attest.EvidenceResult;
import dev.bulwark.attest.provenance.BuildFacts;
import dev.bulwark.attest.provenance.ResourceDescriptor;
import dev.bulwark.attest.sbom.KnownDeb;
import dev.bulwark.attest.sbom.Purls;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.spec.Spec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.attest.sbom.SbomFormat;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.ref.ImageReference;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs a freshly written image and attaches its evidence — SPDX and CycloneDX SBOMs per platform and SLSA v1
 * provenance naming the spec, every {@code .deb} and the InRelease files — where cosign looks for them. Only outputs
 * that hold manifests by tag (oci: layouts, registries) can carry them.
 */
final class BuildEvidence {
    private static final Map<String, Integer> DEBIAN_MAJOR = Map.of("buster", 10, "bullseye", 11, "bookworm", 12,
            "trixie", 13, "forky", 14);

    private BuildEvidence() {
    }

    /** Signs the image published to {@code out} and attaches its SBOMs and provenance as cosign attestations. */
    static EvidenceResult attach(BuildContext context, BuildOutput out) throws BulwarkException {
        return Evidence.attach(request(context, out), context.request().signer());
    }

    /**
     * Without a key: the same SBOMs (per platform) and provenance (on the root), unsigned, as OCI referrers with
     * artifact types {@code application/spdx+json}, {@code application/vnd.cyclonedx+json} and
     * {@code application/vnd.in-toto+json} — what 'bulwark referrers' and 'oras discover' list.
     */
    static void attachUnsigned(BuildContext context, BuildOutput out) throws BulwarkException {
        EvidenceRequest request = request(context, out);
        Lockfile lock = context.lock();
        List<Image> images = List.copyOf(context.images().values());
        EvidenceCache cache = cache(context, out);
        EvidenceCache.Entry result = cache.get(images);
        if (result == null) {
            EvidenceResult fresh = Evidence.generate(request);
            result = cache.put(images, fresh.sboms(), fresh.provenance());
        }
        Map<String, String> annotations = Map.of("org.opencontainers.image.created",
                Instant.ofEpochSecond(lock.sourceDateEpoch()).toString());
        for (Image image : images) {
            Descriptor subject = Descriptor.of(image.manifest().mediaType(), image.rawManifest());
            for (Map.Entry<SbomFormat, byte[]> sbom : result.sboms().get(image.platform()).entrySet()) {
                String type = sbom.getKey().mediaType();
                Referrers.attach(request.store(), subject, type, List.of(Referrers.Blob.of(type, sbom.getValue())),
                        annotations);
            }
        }
        if (result.provenance() != null) {
            String type = "application/vnd.in-toto+json";
            Referrers.attach(request.store(), out.written().root(), type,
                    List.of(Referrers.Blob.of(type, result.provenance())), annotations);
        }
    }

    /** Unsigned evidence depends only on these inputs, so a rebuild of the same image reuses it. */
    private static EvidenceCache cache(BuildContext context, BuildOutput out) {
        BuildRequest request = context.request();
        Spec spec = request.spec();
        return new EvidenceCache(context.cacheDir(), EvidenceCache.key(EvidenceCache.FORMAT,
                spec.file().getFileName().toString(), out.written().root().digest().toString(), spec.sha256(),
                dev.bulwark.core.Sha256.hex(LockfileCodec.encode(context.lock())), String.join(",", request.archs()),
                request.compression().name(), version()));
    }

    /**
     * The build options that change an image's digests besides the spec and the lock, as provenance records them.
     * 'bulwark reproduce' reads them back ({@code dev.bulwark.builder.reproduce}); a test fails when a
     * {@link BuildRequest} field that changes digests is missing here.
     */
    static Map<String, String> internalParameters(Lockfile lock, List<String> archs, Compression compression) {
        Map<String, String> internal = new LinkedHashMap<>();
        internal.put(ARCHS, String.join(",", archs));
        internal.put(SOURCE_DATE_EPOCH, Long.toString(lock.sourceDateEpoch()));
        internal.put("distribution", lock.distribution());
        internal.put(COMPRESSION, compression.name().toLowerCase(java.util.Locale.ROOT));
        return internal;
    }

    static final String ARCHS = "archs";
    static final String SOURCE_DATE_EPOCH = "sourceDateEpoch";
    static final String COMPRESSION = "compression";

    private static EvidenceRequest request(BuildContext context, BuildOutput out) throws BulwarkException {
        BuildRequest build = context.request();
        Spec spec = build.spec();
        Lockfile lock = context.lock();
        List<String> archs = build.archs();
        ImageReference ref = out.target();
        String dockerReference = ref instanceof ImageReference.Registry r ? r.host() + "/" + r.repository() : spec.name();
        int major = DEBIAN_MAJOR.getOrDefault(lock.distribution(), 0);
        List<KnownDeb> debs = new ArrayList<>();
        List<ResourceDescriptor> resolved = new ArrayList<>();
        for (String arch : archs) {
            for (Lockfile.LockedPackage p : lock.archs().get(arch)) {
                debs.add(new KnownDeb(p.name(), p.version(), p.architecture(), p.sha256()));
                resolved.add(BuildFacts.deb(p.filename(), Purls.deb(p.name(), p.version(), p.architecture(), major), p.sha256()));
            }
        }
        for (Lockfile.LockedSuite s : lock.suites()) {
            resolved.add(BuildFacts.inRelease(s.inReleaseUrlPath(), s.inReleaseSha256()));
        }
        Map<String, String> internal = internalParameters(lock, archs, build.compression());
        return new EvidenceRequest(out.destination().store(), out.written().root(),
                List.copyOf(context.images().values()), spec.name(), dockerReference, debs,
                new BuildFacts(spec.file().getFileName().toString(), spec.text(),
                        LockfileCodec.lockPathFor(spec.file()).getFileName().toString(),
                        new String(LockfileCodec.encode(lock), StandardCharsets.UTF_8), internal, resolved),
                Instant.ofEpochSecond(lock.sourceDateEpoch()), version());
    }

    private static String version() {
        String v = BuildEvidence.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
