package dev.bulwark.builder.adopt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.attest.Evidence;
import dev.bulwark.attest.EvidenceRequest;
import dev.bulwark.attest.EvidenceResult;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.attest.provenance.AdoptionProvenance;
import dev.bulwark.attest.provenance.SlsaProvenance;
import dev.bulwark.attest.sbom.KnownDeb;
import dev.bulwark.attest.sbom.SbomFormat;
import dev.bulwark.attest.signers.CosignAttestations;
import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.reproduce.ProvenanceFinder;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.ImageFiles;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adopts an image built elsewhere on a Bulwark base: checks that the base is a Bulwark image (its provenance, signed
 * by the base key when one is given, names its digest), that every platform of the image starts with exactly the
 * base's layers, lists what the rest adds, and attaches the same evidence a build does — SBOMs of the whole image
 * and a provenance stating what is and is not known about the added layers — signed when a signer is given.
 */
public final class Adopter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Adopter() {
    }

    public static AdoptResult adopt(AdoptRequest r) throws BulwarkException {
        ImageReference target = r.target();
        if (!holdsEvidence(target)) {
            throw new BuildException(Kind.BAD_INPUT, "cannot adopt " + r.image() + ": " + target
                    + " cannot hold signatures and attestations; give --output oci:DIR[:TAG] or a registry reference");
        }
        BaseImage base = BaseImage.open(r);
        r.progress().info("Comparing " + r.image() + " with its base " + r.base());
        ImageSource source = Transports.openSource(r.image(), r.registry());
        List<AdoptResult.PlatformAdoption> platforms = new ArrayList<>();
        List<AdoptionProvenance.AddedLayer> layers = new ArrayList<>();
        List<Image> rebased = new ArrayList<>();
        boolean sameBlobs = true;
        for (Platform p : source.platforms()) {
            Image image = source.image(p);
            Image baseImage = base.image(p);
            AdoptResult.PlatformAdoption a = compare(image, baseImage, r);
            platforms.add(a);
            layers.addAll(a.addedLayers());
            sameBlobs &= LayerCheck.sameBlobs(image, baseImage, a.baseLayers());
            rebased.add(LayerCheck.rebased(image, baseImage, a.baseLayers()));
        }
        Descriptor root = write(r, source, sameBlobs, rebased);
        Store store = Transports.openStore(target, r.registry());
        ImageSource written = Transports.openSource(target, r.registry());
        List<Image> images = new ArrayList<>();
        for (Platform p : written.platforms()) {
            images.add(written.image(p));
        }
        String name = name(target);
        EvidenceRequest request = new EvidenceRequest(store, root, images, name, dockerReference(target, name),
                base.debs(), null, created(images), r.toolVersion());
        AdoptionProvenance.Facts facts = new AdoptionProvenance.Facts(r.image().toString(), r.base().toString(),
                base.root().digest(), base.provenance().location(), base.provenance().blob(), base.buildType(), layers,
                r.toolVersion());
        r.progress().info("Attaching SBOMs and provenance to " + target
                + (r.signer() == null ? " (unsigned; sign with --sign-key)" : ""));
        List<Subject> subjects = new ArrayList<>();
        subjects.add(new Subject(name, root.digest()));
        images.forEach(i -> subjects.add(new Subject(name, i.digest())));
        Statement provenance = AdoptionProvenance.statement(subjects, facts);
        EvidenceResult evidence;
        if (r.signer() != null) {
            evidence = Evidence.attach(request, r.signer());
            for (var d : evidence.signed()) {
                CosignAttestations.attest(store, d, provenance, r.signer());
            }
        } else {
            evidence = Evidence.generate(request);
            attachUnsigned(store, root, images, evidence.sboms(), provenance.toJson());
        }
        return new AdoptResult(target, root, r.base().toString(), base.root().digest(), base.provenance().location(),
                platforms, evidence.sboms(), provenance.toJson(), r.signer() != null);
    }

    /**
     * Writes the adopted image where its evidence goes and returns its root. An image whose lower layers are the
     * base's own blobs is copied as it is; one that stores them otherwise (a {@code docker save} archive holds them
     * uncompressed) is written with the base's blobs in their place, so its lower layers are the base's byte for byte.
     */
    private static Descriptor write(AdoptRequest r, ImageSource source, boolean sameBlobs, List<Image> rebased)
            throws BulwarkException {
        if (r.output() == null) {
            if (!sameBlobs) {
                throw new BuildException(Kind.BAD_INPUT, "cannot adopt " + r.image() + " in place: its lower layers "
                        + "hold the base's content but are stored differently; give --output to write it with the "
                        + "base's own layers");
            }
            return source.root();
        }
        r.progress().info("Writing " + r.output());
        if (sameBlobs) {
            return Transports.copy(r.image(), r.output(), r.registry()).root();
        }
        return Transports.openSink(r.output(), r.registry()).write(new ImageWrite(rebased, Map.of())).root();
    }

    private static AdoptResult.PlatformAdoption compare(Image image, Image base, AdoptRequest r)
            throws BulwarkException {
        int n = LayerCheck.basePrefix(image, base, r.image().toString(), r.base().toString());
        List<AdoptionProvenance.AddedLayer> added = new ArrayList<>();
        List<ImageConfig.History> history = image.config().history().stream().filter(h -> !h.emptyLayer()).toList();
        for (int i = n; i < image.manifest().layers().size(); i++) {
            Descriptor d = image.manifest().layers().get(i);
            String createdBy = i < history.size() ? history.get(i).createdBy() : null;
            added.add(new AdoptionProvenance.AddedLayer(image.platform().toString(), d.digest(), d.size(),
                    d.mediaType(), image.config().diffIds().get(i), createdBy));
        }
        Additions additions = Additions.between(ImageFiles.tree(base, Additions.PASSWD::equals),
                ImageFiles.tree(image, Additions.PASSWD::equals), base.config(), image.config());
        return new AdoptResult.PlatformAdoption(image.platform(), image.digest(), base.digest(), n, added, additions);
    }

    private static void attachUnsigned(Store store, Descriptor root, List<Image> images,
            Map<Platform, Map<SbomFormat, byte[]>> sboms, byte[] provenance) throws BulwarkException {
        for (Image image : images) {
            Descriptor subject = Descriptor.of(image.manifest().mediaType(), image.rawManifest());
            for (Map.Entry<SbomFormat, byte[]> sbom : sboms.get(image.platform()).entrySet()) {
                String type = sbom.getKey().mediaType();
                Referrers.attach(store, subject, type, List.of(Referrers.Blob.of(type, sbom.getValue())), Map.of());
            }
        }
        String type = "application/vnd.in-toto+json";
        Referrers.attach(store, root, type, List.of(Referrers.Blob.of(type, provenance)), Map.of());
    }

    private static boolean holdsEvidence(ImageReference ref) {
        return ref instanceof ImageReference.OciLayout || ref instanceof ImageReference.Registry;
    }

    static String name(ImageReference ref) {
        if (ref instanceof ImageReference.Registry reg) {
            String repo = reg.repository();
            return repo.substring(repo.lastIndexOf('/') + 1);
        }
        if (ref instanceof ImageReference.OciLayout l) {
            var file = l.dir().toAbsolutePath().normalize().getFileName();
            return file == null ? "image" : file.toString();
        }
        return "image";
    }

    private static String dockerReference(ImageReference ref, String name) {
        return ref instanceof ImageReference.Registry reg ? reg.host() + "/" + reg.repository() : name;
    }

    /** The image's own creation time (SBOMs record it, so equal inputs give equal bytes), else the epoch. */
    private static Instant created(List<Image> images) {
        Instant created = images.get(0).config().created();
        return created == null ? Instant.EPOCH : created;
    }

    /** The base as adoption needs it: its images, the provenance that makes it Bulwark's, and its lock's debs. */
    record BaseImage(ImageSource source, Descriptor root, ProvenanceFinder.Found provenance, String buildType,
                     List<KnownDeb> debs, String name) {

        static BaseImage open(AdoptRequest r) throws BulwarkException {
            if (!holdsEvidence(r.base())) {
                throw notBulwark(r, "an archive cannot carry the provenance that makes an image a "
                        + "Bulwark base; give the base as oci:DIR[:TAG] or a registry reference");
            }
            ImageSource source = Transports.openSource(r.base(), r.registry());
            Descriptor root = source.root();
            Store store = Transports.openStore(r.base(), r.registry());
            ProvenanceFinder.Found found;
            try {
                found = ProvenanceFinder.find(store, root.digest(), r.baseKey(), r.base().toString(),
                        r.base().toString());
            } catch (BulwarkException e) {
                if (e.kind() == Kind.ENVIRONMENT) {
                    throw e;
                }
                throw notBulwark(r, e.getMessage().replace("cannot reproduce " + r.base() + ": ", ""));
            }
            JsonNode predicate;
            try {
                predicate = JSON.readTree(found.statement().predicate());
            } catch (IOException e) {
                throw notBulwark(r, "its provenance is not JSON");
            }
            String buildType = predicate.path("buildDefinition").path("buildType").asText("");
            if (!buildType.startsWith(SlsaProvenance.BUILD_TYPE_PREFIX)) {
                throw notBulwark(r, "its provenance has build type '" + buildType + "', not a Bulwark build");
            }
            String lock = predicate.path("buildDefinition").path("externalParameters").path("lock").path("content")
                    .asText(null);
            return new BaseImage(source, root, found, buildType, debs(lock), r.base().toString());
        }

        Image image(Platform p) throws BulwarkException {
            for (Platform mine : source.platforms()) {
                if (mine.equals(p)) {
                    return source.image(mine);
                }
            }
            throw new BuildException(Kind.CHECK_FAILED, "cannot adopt for " + p + ": the base " + name + " has only "
                    + source.platforms() + "; the image is not built on it");
        }

        private static List<KnownDeb> debs(String lock) {
            List<KnownDeb> out = new ArrayList<>();
            if (lock == null) {
                return out;
            }
            try {
                JsonNode archs = JSON.readTree(lock.getBytes(StandardCharsets.UTF_8)).path("archs");
                archs.fields().forEachRemaining(e -> e.getValue().forEach(p -> out.add(new KnownDeb(
                        p.path("name").asText(), p.path("version").asText(), p.path("architecture").asText(),
                        p.path("sha256").asText()))));
            } catch (IOException | IllegalArgumentException e) {
                return List.of(); // the SBOM then lacks .deb checksums; the provenance is still checked
            }
            return out;
        }

        private static BuildException notBulwark(AdoptRequest r, String why) {
            return new BuildException(Kind.CHECK_FAILED, "cannot adopt " + r.image() + ": " + r.base()
                    + " is not a Bulwark base: " + why);
        }
    }
}
