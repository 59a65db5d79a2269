package dev.bulwark.attest;

import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.attest.provenance.ProvenanceInput;
import dev.bulwark.attest.provenance.ResourceDescriptor;
import dev.bulwark.attest.provenance.SlsaProvenance;
import dev.bulwark.attest.sbom.ImageSboms;
import dev.bulwark.attest.sbom.SbomFormat;
import dev.bulwark.attest.sbom.SbomSubject;
import dev.bulwark.attest.signers.CosignAttestations;
import dev.bulwark.attest.signers.CosignSignatures;
import dev.bulwark.attest.signers.Signer;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evidence of one built image in one go: SPDX and CycloneDX SBOMs per platform, SLSA v1 provenance,
 * a cosign signature of the root and of each platform manifest, and cosign attestations of each SBOM and of
 * the provenance — on the root ({@code cosign verify-attestation} of the tag finds them) and on each manifest.
 */
public final class Evidence {

    private Evidence() {
    }

    /** SBOMs and provenance only, nothing stored or signed (the same bytes {@link #attach} signs). */
    public static EvidenceResult generate(EvidenceRequest r) throws AttestException {
        Map<Platform, Map<SbomFormat, byte[]>> sboms = sboms(r);
        byte[] provenance = r.build() == null ? null : provenance(r, sboms).toJson();
        return new EvidenceResult(sboms, provenance, List.of());
    }

    /** Generates, signs and stores everything next to the image in {@code r.store()}. */
    public static EvidenceResult attach(EvidenceRequest r, Signer signer) throws AttestException {
        Map<Platform, Map<SbomFormat, byte[]>> sboms = sboms(r);
        Digest root = r.root().digest();
        List<Digest> targets = new ArrayList<>();
        targets.add(root);
        for (Image image : r.images()) {
            if (!image.digest().equals(root)) {
                targets.add(image.digest());
            }
        }
        for (Digest d : targets) {
            CosignSignatures.sign(r.store(), d, r.dockerReference(), signer, Map.of());
        }
        for (Image image : r.images()) {
            List<Subject> subjects = subjects(r.name(), root, image.digest());
            for (Map.Entry<SbomFormat, byte[]> sbom : sboms.get(image.platform()).entrySet()) {
                Statement st = new Statement(subjects, sbom.getKey().predicateType(), sbom.getValue());
                for (Subject s : subjects) {
                    CosignAttestations.attest(r.store(), s.digest(), st, signer);
                }
            }
        }
        byte[] provenanceJson = null;
        if (r.build() != null) {
            Statement provenance = provenance(r, sboms);
            for (Digest d : targets) {
                CosignAttestations.attest(r.store(), d, provenance, signer);
            }
            provenanceJson = provenance.toJson();
        }
        return new EvidenceResult(sboms, provenanceJson, targets);
    }

    private static Map<Platform, Map<SbomFormat, byte[]>> sboms(EvidenceRequest r) throws AttestException {
        Map<Platform, Map<SbomFormat, byte[]>> out = new TreeMap<>();
        for (Image image : r.images()) {
            var doc = ImageSboms.read(image, new SbomSubject(r.name(), image.digest()), r.created(),
                    r.toolVersion(), r.debs());
            Map<SbomFormat, byte[]> formats = new EnumMap<>(SbomFormat.class);
            for (SbomFormat f : SbomFormat.values()) {
                formats.put(f, f.write(doc));
            }
            out.put(image.platform(), formats);
        }
        return out;
    }

    private static Statement provenance(EvidenceRequest r, Map<Platform, Map<SbomFormat, byte[]>> sboms) {
        Map<Digest, Subject> subjects = new LinkedHashMap<>();
        subjects.put(r.root().digest(), new Subject(r.name(), r.root().digest()));
        for (Image image : r.images()) {
            subjects.putIfAbsent(image.digest(), new Subject(r.name() + "@" + image.platform(), image.digest()));
        }
        List<ResourceDescriptor> byproducts = new ArrayList<>();
        sboms.forEach((platform, formats) -> formats.forEach((format, bytes) -> byproducts.add(
                new ResourceDescriptor("sbom/" + platform.toString().replace('/', '-') + "." + format.cliName()
                        + ".json", null, Digest.of(bytes).hex(), format.mediaType()))));
        ProvenanceInput in = new ProvenanceInput(List.copyOf(subjects.values()), r.build().specName(),
                r.build().specContent(), r.build().lockName(), r.build().lockContent(), r.build().internalParameters(), r.build().resolvedDependencies(),
                byproducts, r.toolVersion());
        return SlsaProvenance.statement(in);
    }

    private static List<Subject> subjects(String name, Digest root, Digest manifest) {
        return root.equals(manifest) ? List.of(new Subject(name, root))
                : List.of(new Subject(name, root), new Subject(name, manifest));
    }
}
