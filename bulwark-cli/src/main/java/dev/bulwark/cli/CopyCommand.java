package dev.bulwark.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.transport.ImageCopy;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.Transports;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec.Target;

/** {@code bulwark copy SRC DST}: copy an image or a multi-arch index between any two transports. */
@Command(name = "copy",
        footer = {"", "Examples:",
                "  bulwark copy oci:out/python3 docker://127.0.0.1:5000/python3:1",
                "  bulwark copy 127.0.0.1:5000/python3:1 oci:backup/python3:1 --no-referrers"},
        header = "Copy an image or a multi-arch index between references.", mixinStandardHelpOptions = true,
        description = {"Copy an image (or a whole multi-arch index) between references:",
                "oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE[:NAME:TAG], docker://HOST/REPO[:TAG|@DIGEST]",
                "(a bare HOST/REPO:TAG means docker://). Between layouts and registries every digest stays the same;",
                "blobs the destination already has are not sent again.",
                "Signatures, attestations and other referrers come along (as 'cosign copy' and 'oras copy -r' do): cosign's sha256-<hex>.sig, .att and .sbom tags of the image and of each of its manifests, and every OCI 1.1 referrer the source lists; --no-referrers copies the image alone. Archives hold no referrers."})
final class CopyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SRC", description = "The image to copy.")
    String source;
    @Parameters(index = "1", paramLabel = "DST", description = "Where to copy it.")
    String destination;
    @Option(names = "--no-referrers", description = "Copy the image only, without its signatures, attestations and referrers.")
    boolean noReferrers;
    @Mixin
    RegistryOptionsMixin registry;
    @Mixin
    FormatOption format;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        ImageReference from = ImageReference.parse(source);
        ImageReference to = ImageReference.parse(destination);
        ConsoleProgress progress = ConsoleProgress.standard(format.json());
        progress.begin("Copying " + from + " to " + to, -1);
        ImageCopy.Result result = Transports.copy(from, to, registry.toOptions(progress), !noReferrers);
        progress.end("");
        PrintWriter out = self.commandLine().getOut();
        if (format.json()) {
            ObjectNode n = Json.object();
            n.put("source", from.toString());
            n.put("destination", to.toString());
            n.put("digest", result.root().digest().toString());
            n.put("mediaType", result.root().mediaType());
            n.put("blobsCopied", result.blobsCopied().size());
            n.put("blobsPresent", result.blobsPresent());
            n.put("referrersCopied", result.referrersCopied().size());
            out.println(Json.render(n));
        } else {
            out.println("copied " + from + " to " + to + ": " + result.root().digest() + " (" + result.blobsCopied().size()
                    + " blobs sent, " + result.blobsPresent() + " already there, " + result.referrersCopied().size()
                    + " signatures, attestations and referrers)");
        }
        out.flush();
        return 0;
    }
}
