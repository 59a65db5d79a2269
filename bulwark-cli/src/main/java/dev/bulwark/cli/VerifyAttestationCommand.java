package dev.bulwark.cli;

import dev.bulwark.attest.AttestException;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.signers.CosignAttestations;
import dev.bulwark.attest.signers.PredicateTypes;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.ref.ImageChain;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec.Target;

/** {@code bulwark verify-attestation REF --key P --type T}: exit 0 when a valid attestation of that type exists. */
@Command(name = "verify-attestation",
        footer = {"", "Examples:",
                "  bulwark verify-attestation oci:out/python3 --key cosign.pub --type spdxjson",
                "  bulwark verify-attestation oci:out/python3 --key cosign.pub"},
        header = "Verify an image's cosign-style attestations.", mixinStandardHelpOptions = true,
        description = {"Verify cosign-style attestations of an image (made by 'bulwark attest', 'build --sign-key'",
                "or 'cosign attest --key'). Prints each valid statement as JSON lines; exit 1 when there is none, 3 when",
                "a manifest, config or layer below the image's digest does not match its descriptor."})
final class VerifyAttestationCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "The image (oci:DIR[:TAG] or HOST/REPO[:TAG|@DIGEST]).")
    String ref;
    @Mixin
    KeyOptions.Verifying key;
    @Option(names = "--type", paramLabel = "TYPE", description = "Predicate type (cosign name or URI); any when absent.")
    String type;
    @Mixin
    RegistryOptionsMixin registry;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        String uri = null;
        if (type != null) {
            try {
                uri = PredicateTypes.uri(type);
            } catch (IllegalArgumentException e) {
                throw new AttestException(Kind.BAD_INPUT, "cannot verify attestations: " + e.getMessage(), e);
            }
        }
        var publicKey = key.publicKey();
        SigningTarget t = SigningTarget.open(ref, registry.toOptions(Progress.NONE));
        List<Statement> ok = CosignAttestations.verify(t.store(), t.root().digest(), publicKey, uri);
        // A statement about a digest is only worth the blobs below it: read and check them all.
        ImageChain.check(t.store(), t.root());
        PrintWriter out = self.commandLine().getOut();
        for (Statement s : ok) {
            out.println(new String(s.toJson(), StandardCharsets.UTF_8));
        }
        self.commandLine().getErr().println("verified " + ok.size() + " attestation(s) of " + t.root().digest());
        out.flush();
        self.commandLine().getErr().flush();
        return 0;
    }
}
