package dev.bulwark.cli;

import dev.bulwark.builder.api.Workspace;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.builder.pipeline.ImageBuilder;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecParser;
import dev.bulwark.catalog.add.AddRequest;
import dev.bulwark.catalog.add.AddResult;
import dev.bulwark.catalog.add.CatalogAdd;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.json.CatalogJson;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.catalog.vex.ImageVex;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.ref.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark catalog add SPEC… [--publish REF]}: record each image, build it from its lock, publish, record. */
@Command(name = "add",
        footer = {"", "Examples:",
                "  bulwark catalog add examples/python3.yaml --publish oci:out/python3:1",
                "  bulwark catalog add examples/*.yaml --publish 'oci:out/{name}:latest'"},
        header = "Catalog images, then build and publish each from its lock.", mixinStandardHelpOptions = true,
        description = {"Records each SPEC in the catalog, builds it from SPEC.lock.json as 'bulwark build' does (the lock",
                "is your pin; it is made first when missing) and publishes it: a tagged target REPO:TAG gets the",
                "timestamped tag TAG-YYYYMMDDTHHMMSSZ, then TAG moves to the new build. The build is recorded with",
                "its digests per platform, the lock's packages, sizes and duration.",
                "",
                "Targets: --publish (repeatable; {name} stands for the spec's name), else those recorded for the",
                "image, else oci:<data dir>/images/NAME (the catalog's directory). Each build is scanned (--advisories)",
                "and its scan summary and findings recorded with it (catalog show, catalog diff).",
                "",
                "VEX: --vex FILE (OpenVEX, repeatable) replaces the documents the image carries; they are kept with it",
                "and applied to the scan of each build (watch rebuilds too), each finding's VEX status recorded (the",
                "API's /images/NAME/vulnerabilities shows it, suppressed findings included)."})
final class CatalogAddCommand extends CatalogVerb {
    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Image specs (YAML).")
    List<Path> specs;
    @Option(names = "--publish", paramLabel = "REF", description = "Where to publish; repeat for several.")
    List<String> publish = new ArrayList<>();
    @Option(names = "--arch", paramLabel = "ARCH", description = "Build only these of the spec's archs (repeatable).")
    List<String> archs = new ArrayList<>();
    @Option(names = "--no-sbom", description = "Do not attach the unsigned SBOMs and provenance to oci:/registry outputs.")
    boolean noSbom;
    @Option(names = "--advisories", paramLabel = "SRC", description = {"Scan each build against this advisory source "
            + "(repeatable, most authoritative first; as 'bulwark scan'): a tracker JSON file, an OSV directory or zip, "
            + "'db' or 'archive-changelog'. Default: the database when fetched, else the archive's changelogs."})
    List<String> advisories = new ArrayList<>();
    @Option(names = "--vex", paramLabel = "FILE", description = {"OpenVEX document the image carries (repeatable, "
            + "later statements win): replaces those it had; without --vex it keeps them."})
    List<Path> vex = new ArrayList<>();
    @Option(names = "--no-scan", description = "Record the build without a scan summary.")
    boolean noScan;
    @Option(names = "--update-policy", paramLabel = "POLICY", description = {"When 'bulwark watch' rebuilds the image: "
            + "security (fixes only; the default for a new image) or always-update (any newer package). Also "
            + "'catalog set IMAGE --update-policy'."})
    String updatePolicy;
    @Mixin
    ArchiveOptions archiveOptions;
    @Mixin
    RegistryOptionsMixin registryOptions;
    @Mixin
    BaseMixin baseOptions;

    @Override
    public Integer call() throws BulwarkException {
        if (specs.size() > 1 && publish.stream().anyMatch(p -> !p.contains("{name}"))) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot publish " + specs.size() + " images to one reference; "
                    + "put {name} in --publish (e.g. --publish docker://HOST/{name}:1)");
        }
        if (updatePolicy != null && !Catalog.UPDATE_POLICIES.contains(updatePolicy)) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot use --update-policy " + updatePolicy + ": give "
                    + String.join(" or ", Catalog.UPDATE_POLICIES));
        }
        List<ImageVex.Stored> documents = vexDocuments(); // every VEX document is valid before anything is built
        List<Spec> parsed = new ArrayList<>();
        for (Path s : specs) {
            parsed.add(new SpecParser().parse(s)); // every spec is valid before anything is built
        }
        Catalog catalog = catalogOptions.open(); // an unreachable catalog fails before any build
        ConsoleProgress progress = ConsoleProgress.standard(format.json());
        for (int i = 0; i < parsed.size(); i++) {
            AddResult r = add(catalog, parsed.get(i), specs.get(i), documents, progress);
            if (updatePolicy != null) {
                catalog.setUpdatePolicy(parsed.get(i).name(), updatePolicy);
            }
            print(new View(() -> CatalogJson.added(r), () -> CatalogText.added(r, catalog.location())));
        }
        // Announce the releases now; what an endpoint does not take stays queued for 'catalog webhooks deliver'.
        new dev.bulwark.catalog.webhook.Webhooks(catalog.database(), Clock.systemUTC(), new java.security.SecureRandom())
                .deliver(dev.bulwark.catalog.webhook.DeliveryPolicy.DEFAULT, java.time.Duration.ZERO);
        return 0;
    }

    private AddResult add(Catalog catalog, Spec spec, Path specPath, List<ImageVex.Stored> documents,
            ConsoleProgress progress) throws BulwarkException {
        List<ImageReference> targets = new ArrayList<>();
        for (String p : publish) {
            targets.add(ImageReference.parse(p.replace("{name}", spec.name())));
        }
        Workspace wiring = archiveOptions.workspace(spec);
        var registry = registryOptions.toOptions(progress);
        // A customization (base:) is built on its base as 'bulwark build' does.
        ImageBuilder builder = new ImageBuilder(baseOptions.locker(wiring, registry), wiring.cacheDir());
        Path store = CatalogLocation.dataDir(System.getenv(), CatalogOptions.home()).resolve("images").resolve(spec.name());
        AddRequest request = new AddRequest(spec, LockfileCodec.lockPathFor(specPath), archs(spec), targets,
                new ImageReference.OciLayout(store, "latest"), Compression.GZIP, LockCommand.sourceDateEpoch(),
                registry, null, !noSbom, "catalog add", advisories(spec, wiring, progress), documents);
        return new CatalogAdd(catalog, builder, Clock.systemUTC()).add(request, progress);
    }

    /** The --vex documents as read (UTF-8 text), each parsed once here so a bad one fails before any build. */
    private List<ImageVex.Stored> vexDocuments() throws BulwarkException {
        List<ImageVex.Stored> out = new ArrayList<>();
        for (Path p : vex) {
            String text;
            try {
                text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(p))).toString();
            } catch (IOException e) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot read VEX document " + p + ": " + e.getMessage()
                        + "; give an OpenVEX JSON file", e);
            }
            ImageVex.Stored stored = new ImageVex.Stored(p.toString(), text);
            stored.document();
            out.add(stored);
        }
        return out;
    }

    /** Where the build's scan takes its advisories from, chosen as 'bulwark scan' chooses (none with --no-scan). */
    private List<dev.bulwark.scan.advisory.AdvisorySource> advisories(Spec spec, Workspace wiring,
            ConsoleProgress progress) throws BulwarkException {
        if (noScan) {
            return List.of();
        }
        String arch = archs(spec).isEmpty() ? dev.bulwark.image.ImageSources.hostArch() : archs(spec).get(0);
        var selected = dev.bulwark.builder.api.AdvisorySelection.select(advisories, wiring.cacheDir(), System.getenv(),
                Clock.systemUTC(), () -> wiring, arch, progress);
        selected.notes().forEach(progress::info);
        return selected.sources();
    }

    private List<String> archs(Spec spec) throws BulwarkException {
        if (archs.isEmpty()) {
            return spec.archs();
        }
        if (spec.archs().isEmpty()) {
            return List.copyOf(archs);   // a customization taking its base's archs: the Customizer checks the base has them
        }
        for (String a : archs) {
            if (!spec.archs().contains(a)) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot use --arch " + a + ": spec " + spec.file()
                        + " lists archs " + spec.archs() + "; add it there first");
            }
        }
        return List.copyOf(archs);
    }
}
