package dev.bulwark.cli;

import dev.bulwark.attest.signers.CosignSignatures;
import dev.bulwark.attest.signers.SimpleSigning;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.ref.ImageChain;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec.Target;

/**
 * {@code bulwark verify REF --key P}: exit 0 when a signature by the key names the image's digest and every blob
 * below that digest is intact, 1 when no signature is valid, 3 when a blob does not match its descriptor.
 */
@Command(name = "verify",
        footer = {"", "Examples:",
                "  bulwark verify oci:out/python3:latest --key cosign.pub",
                "  bulwark verify 127.0.0.1:5000/python3:1 --key cosign.pub"},
        header = "Verify an image's cosign-style signatures.", mixinStandardHelpOptions = true,
        description = {"Verify cosign-style key signatures of an image (made by 'bulwark sign' or 'cosign sign",
                "--key'). Exit 0 when at least one signature by the key covers the image's digest and every manifest, config",
                "and layer below that digest matches its descriptor; 1 when no signature is valid; 3 when a blob lies."})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "The image (oci:DIR[:TAG] or HOST/REPO[:TAG|@DIGEST]).")
    String ref;
    @Mixin
    KeyOptions.Verifying key;
    @Mixin
    FormatOption format;
    @Mixin
    RegistryOptionsMixin registry;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        var publicKey = key.publicKey();
        SigningTarget t = SigningTarget.open(ref, registry.toOptions(Progress.NONE));
        List<SimpleSigning> ok = CosignSignatures.verify(t.store(), t.root().digest(), publicKey);
        ImageChain.Checked chain = ImageChain.check(t.store(), t.root());
        PrintWriter out = self.commandLine().getOut();
        if (format.json()) {
            ArrayNode arr = Json.object().arrayNode();
            for (SimpleSigning s : ok) {
                ObjectNode n = arr.addObject();
                n.put("dockerReference", s.dockerReference());
                n.put("digest", s.manifestDigest().toString());
                s.optional().forEach(n.putObject("annotations")::put);
            }
            out.println(Json.render(arr));
        } else {
            out.println("verified " + t.root().digest() + ": " + ok.size() + " valid signature(s) by " + key.key + "; "
                    + chain.documents() + " manifest(s) and " + chain.blobs() + " blob(s) match their digests");
        }
        out.flush();
        return 0;
    }
}
