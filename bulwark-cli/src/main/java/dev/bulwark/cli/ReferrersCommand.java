package dev.bulwark.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;
import dev.bulwark.core.text.Escape;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec.Target;

/** {@code bulwark referrers REF}: list (or attach) artifacts that refer to an image. */
@Command(name = "referrers",
        footer = {"", "Examples:",
                "  bulwark referrers docker://127.0.0.1:5000/python3:1",
                "  bulwark referrers oci:out/python3 --attach a.txt --artifact-type text/plain"},
        header = "List (or attach) artifacts that refer to an image.", mixinStandardHelpOptions = true,
        description = {"List the artifacts (signatures, SBOMs, attestations) that refer to an image, through the OCI 1.1",
                "referrers API where the registry has it, else the referrers tag scheme (sha256-<hex>); the same inside",
                "oci: layouts. With --attach FILE, first attach FILE as a new artifact of --artifact-type."})
final class ReferrersCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "The image: oci:DIR:TAG or docker://HOST/REPO[:TAG|@DIGEST].")
    String reference;
    @Option(names = "--artifact-type", paramLabel = "TYPE", description = "Only list artifacts of this type; with "
            + "--attach, the type of the new artifact.")
    String artifactType;
    @Option(names = "--attach", paramLabel = "FILE", description = "Attach FILE as an artifact (needs --artifact-type).")
    Path attach;
    @Option(names = "--media-type", paramLabel = "TYPE", defaultValue = "application/octet-stream",
            description = "Media type of the attached file (default: ${DEFAULT-VALUE}).")
    String mediaType;
    @Mixin
    RegistryOptionsMixin registry;
    @Mixin
    FormatOption format;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        ImageReference ref = ImageReference.parse(reference);
        Store store = Transports.openStore(ref, registry.toOptions(Progress.NONE));
        String name = Transports.reference(ref);
        if (name == null && ref instanceof ImageReference.OciLayout) {
            // An untagged layout means its only image, or "latest" — as everywhere else.
            name = Transports.openSource(ref, registry.toOptions(Progress.NONE)).root().digest().toString();
        }
        if (name == null) {
            throw new BulwarkException(BulwarkException.Kind.BAD_INPUT, "cannot list referrers of " + ref
                    + ": name the image with a tag or digest");
        }
        Descriptor subject = store.resolve(name).orElseThrow(() -> new BulwarkException(BulwarkException.Kind.BAD_INPUT,
                "cannot list referrers of " + ref + ": there is no such image"));
        // The subject's own bytes are read and checked: nothing is listed for, or attached to, a manifest that lies.
        store.manifest(subject);
        Descriptor attached = null;
        if (attach != null) {
            attached = attach(store, subject);
        }
        List<Descriptor> referrers = Referrers.list(store, subject.digest(), attach == null ? artifactType : null);
        PrintWriter out = self.commandLine().getOut();
        if (format.json()) {
            ObjectNode root = Json.object();
            root.put("subject", subject.digest().toString());
            if (attached != null) {
                root.put("attached", attached.digest().toString());
            }
            ArrayNode list = root.putArray("referrers");
            for (Descriptor d : referrers) {
                ObjectNode n = list.addObject();
                n.put("digest", d.digest().toString());
                n.put("mediaType", d.mediaType());
                n.put("artifactType", d.artifactType());
                n.put("size", d.size());
                if (!d.annotations().isEmpty()) {
                    ObjectNode annotations = n.putObject("annotations");
                    d.annotations().forEach(annotations::put);
                }
            }
            out.println(Json.render(root));
        } else {
            if (attached != null) {
                out.println("attached " + attached.digest() + " (" + Escape.text(artifactType) + ") to " + subject.digest());
            }
            out.println(ref + " (" + subject.digest() + "): " + referrers.size() + " referrer(s)");
            for (Descriptor d : referrers) {
                // The artifact type comes from the registry's referrers response or the referrer's manifest, unchecked.
                out.println("  " + d.digest() + "  " + Escape.text(d.artifactType()) + "  " + Sizes.human(d.size()));
            }
        }
        out.flush();
        return 0;
    }

    private Descriptor attach(Store store, Descriptor subject) throws BulwarkException {
        if (artifactType == null) {
            throw new BulwarkException(BulwarkException.Kind.BAD_INPUT, "cannot attach " + attach
                    + ": name its --artifact-type");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(attach);
        } catch (IOException e) {
            throw new BulwarkException(BulwarkException.Kind.BAD_INPUT, "cannot read " + attach + ": " + e.getMessage(), e);
        }
        return Referrers.attach(store, subject, artifactType, List.of(Referrers.Blob.of(mediaType, content)),
                Map.of("org.opencontainers.image.title", attach.getFileName().toString()));
    }
}
