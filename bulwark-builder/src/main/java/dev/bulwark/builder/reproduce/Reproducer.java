package dev.bulwark.builder.reproduce;

import dev.bulwark.image.Purls;

import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.attest.provenance.ResourceDescriptor;
import dev.bulwark.attest.signers.CosignAttestations;
import dev.bulwark.attest.vsa.VerificationSummary;
import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.spec.lock.LockfileException;
import dev.bulwark.builder.pipeline.BuildRequest;
import dev.bulwark.builder.pipeline.ImageBuilder;
import dev.bulwark.spec.Spec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.ArchiveException;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link ReproduceRequest} → {@link ReproduceResult}: find the image's provenance (verified when a key is given),
 * take the spec and lock it records, fetch the same {@code .deb}s by SHA-256 (from the cache the {@link Locker}
 * uses, else the archive), rebuild every platform in an empty temporary layer cache, and compare index, manifest,
 * config and layer digests; the first differing layer is compared file by file. With a signer, a SLSA Verification
 * Summary of the outcome is signed and attached to the image.
 */
public final class Reproducer {
    public static final String VERIFIER_ID = "urn:bulwark:reproducer";
    public static final String POLICY_URI = "urn:bulwark:policy:reproducible-from-provenance:v1";
    /** Stated in a passing summary besides the SLSA build level the provenance shows. */
    public static final String REPRODUCED_LEVEL = "BULWARK_REPRODUCED";

    private final Locker locker;
    private final Path workDir;
    private final Clock clock;

    /** {@code locker}: fetches the lock's {@code .deb}s; {@code workDir}: where a temporary build directory goes. */
    public Reproducer(Locker locker, Path workDir, Clock clock) {
        this.locker = locker;
        this.workDir = workDir;
        this.clock = clock;
    }

    public ReproduceResult reproduce(ReproduceRequest request, Progress progress) throws BulwarkException {
        ImageReference ref = request.image();
        if (!(ref instanceof ImageReference.OciLayout) && !(ref instanceof ImageReference.Registry)) {
            throw new BuildException(Kind.BAD_INPUT, "cannot reproduce " + ref + ": only oci: layouts and registries "
                    + "carry provenance; copy the image there with its referrers first");
        }
        Store store = Transports.openStore(ref, request.registry());
        ImageSource source = Transports.openSource(ref, request.registry());
        Descriptor root = source.root();
        ProvenanceFinder.Found found = ProvenanceFinder.find(store, root.digest(), request.key(), ref.toString(),
                repository(ref));
        progress.info("Provenance of " + root.digest() + ": " + found.location()
                + (found.verified() ? " (signature verified)" : " (signature not checked; no --key)"));
        BuildRecipe recipe = BuildRecipe.read(found.statement());
        Path temp = createTemp();
        try {
            ImageSource rebuilt = rebuild(recipe, temp, ref, progress);
            ImageComparison.Outcome o = ImageComparison.compare(source, rebuilt);
            ReproduceResult result = new ReproduceResult(o.image(), o.rebuilt(), o.platforms(), o.difference(),
                    o.note(), new ReproduceResult.ProvenanceSource(found.location(), found.verified(),
                    found.blob()), recipe.builtBy(), version(), null);
            return request.vsaSigner() == null ? result : attachSummary(request, store, source, result);
        } finally {
            deleteTree(temp);
        }
    }

    private ImageSource rebuild(BuildRecipe recipe, Path temp, ImageReference ref, Progress progress)
            throws BulwarkException {
        Path specFile = temp.resolve(recipe.specName());
        Path lockFile = temp.resolve(recipe.specName() + ".lock.json");
        try {
            Files.write(specFile, recipe.specBytes());
            Files.write(lockFile, recipe.lockBytes());
        } catch (IOException e) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot write the recorded spec and lock to " + temp + ": "
                    + e.getMessage(), e);
        }
        Lockfile lock;
        try {
            lock = LockfileCodec.read(lockFile);
        } catch (LockfileException e) {
            throw new BuildException(Kind.BAD_INPUT, "cannot reproduce from this provenance: its lock is not valid: "
                    + e.getMessage(), e);
        }
        recipe.checkAgainst(lock);
        Spec spec = RecordedSpec.parse(specFile, recipe.specBytes(), ref);
        fetch(lock, recipe, ref, progress);
        progress.info("Rebuilding " + String.join(", ", recipe.archs()) + " in an empty cache");
        ImageReference out = new ImageReference.OciLayout(temp.resolve("out"), "latest");
        new ImageBuilder(locker, temp.resolve("cache")).build(new BuildRequest(spec, lockFile, recipe.archs(),
                List.of(out), recipe.compression(), null, RegistryOptions.defaults(), null, false), progress);
        return new LayoutSource(temp.resolve("out"), "latest");
    }

    /** Fetches the lock's .debs first, so a package the archive no longer serves is named with what to do. */
    private void fetch(Lockfile lock, BuildRecipe recipe, ImageReference ref, Progress progress)
            throws BulwarkException {
        try {
            locker.fetch(Locker.only(lock, recipe.archs()), progress);
        } catch (ArchiveException e) {
            Throwable raw = e.getCause() instanceof ArchiveException cause ? cause : e;
            String dates = lock.suites().stream().map(s -> s.name() + " " + s.date()).distinct()
                    .reduce((a, b) -> a + ", " + b).orElse("its date");
            throw new BuildException(e.kind(), "cannot reproduce " + ref + ": " + raw.getMessage() + ". The image "
                    + "was locked against the archive as of " + dates + "; give a snapshot mirror of that time with "
                    + "--mirror (and --security-mirror), or put the .debs in the cache", e);
        }
    }

    private ReproduceResult attachSummary(ReproduceRequest request, Store store, ImageSource source,
            ReproduceResult result) throws BulwarkException {
        List<Subject> subjects = new ArrayList<>();
        String name = Purls.imageName(request.image().toString());
        subjects.add(new Subject(name, result.image()));
        for (ReproduceResult.PlatformComparison p : result.platforms()) {
            if (!p.imageManifest().equals(result.image())) {
                subjects.add(new Subject(name + "@" + p.platform(), p.imageManifest()));
            }
        }
        VerificationSummary summary = new VerificationSummary(VERIFIER_ID, Map.of("bulwark", version()),
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), resourceUri(request.image(), result.image()), POLICY_URI,
                List.of(new ResourceDescriptor(result.provenance().location(), result.provenance().location(),
                        result.provenance().digest().hex(), null)),
                result.identical(), List.of("SLSA_BUILD_LEVEL_1", REPRODUCED_LEVEL));
        var statement = summary.statement(subjects);
        CosignAttestations.attest(store, result.image(), statement, request.vsaSigner());
        return result.withVsa(Digest.of(statement.toJson()));
    }

    /** The artifact as a purl ({@code pkg:oci/NAME@sha256%3A…?repository_url=HOST/REPO}), as SLSA examples use. */
    static String resourceUri(ImageReference ref, Digest digest) {
        String purl = Purls.oci(ref.toString(), digest);
        return ref instanceof ImageReference.Registry r ? purl + "?repository_url=" + r.host() + "/" + r.repository()
                : purl;
    }

    /** The repository part of a reference: {@code host/repo}, or {@code oci:DIR}. */
    private static String repository(ImageReference ref) {
        return ref instanceof ImageReference.Registry r ? r.host() + "/" + r.repository()
                : "oci:" + ((ImageReference.OciLayout) ref).dir();
    }

    static String version() {
        String v = Reproducer.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    private Path createTemp() throws BuildException {
        try {
            Files.createDirectories(workDir);
            return dev.bulwark.core.TempFiles.createDirectory(workDir, "reproduce");
        } catch (IOException e) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot create a work directory in " + workDir + ": "
                    + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        // A leftover temp directory is harmless (a later run's temp sweep takes it once this run has ended); the next
        // run uses a fresh one.
        dev.bulwark.core.TempFiles.deleteTree(dir);
    }
}
