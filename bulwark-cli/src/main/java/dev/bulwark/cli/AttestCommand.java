package dev.bulwark.cli;

import dev.bulwark.attest.AttestException;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.attest.signers.CosignAttestations;
import dev.bulwark.attest.signers.PredicateTypes;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec.Target;

/** {@code bulwark attest REF --key K --type T --predicate F}: a DSSE in-toto attestation at the {@code .att} tag. */
@Command(name = "attest",
        footer = {"", "Examples:",
                "  bulwark attest oci:out/python3 --key cosign.key --type spdxjson \\",
                "      --predicate python3.spdx.json",
                "  bulwark attest oci:out/python3 --key cosign.key --type openvex \\",
                "      --predicate python3.vex.json"},
        header = "Attach a signed in-toto attestation the way 'cosign attest' does.", mixinStandardHelpOptions = true,
        description = {"Attach a signed in-toto attestation the way 'cosign attest --key' does (DSSE envelope at the",
                "sha256-<hex>.att tag). --type takes cosign's names: spdxjson, cyclonedx, slsaprovenance1 (SLSA v1;",
                "slsaprovenance is v0.2), openvex, custom, or a predicate type URI."})
final class AttestCommand implements Callable<Integer> {
    private static final long MAX_PREDICATE = 64L << 20;
    @Parameters(index = "0", paramLabel = "REF", description = "The image (oci:DIR[:TAG] or HOST/REPO[:TAG|@DIGEST]).")
    String ref;
    @Mixin
    KeyOptions.Signing key;
    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Predicate type (cosign name or URI).")
    String type;
    @Option(names = "--predicate", required = true, paramLabel = "FILE", description = "The predicate, a JSON object.")
    Path predicate;
    @Mixin
    RegistryOptionsMixin registry;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        String uri;
        try {
            uri = PredicateTypes.uri(type);
        } catch (IllegalArgumentException e) {
            throw new AttestException(Kind.BAD_INPUT, "cannot attest: " + e.getMessage(), e);
        }
        byte[] body = readPredicate();
        var signer = key.signer();
        SigningTarget t = SigningTarget.open(ref, registry.toOptions(Progress.NONE));
        Statement statement;
        try {
            statement = new Statement(List.of(new Subject(t.name(), t.root().digest())), uri, body);
        } catch (IllegalArgumentException e) {
            throw new AttestException(Kind.BAD_INPUT, "cannot attest with " + predicate + ": " + e.getMessage(), e);
        }
        var manifest = CosignAttestations.attest(t.store(), t.root().digest(), statement, signer);
        PrintWriter out = self.commandLine().getOut();
        out.println("attested " + uri + " for " + t.root().digest() + ": " + t.root().digest().dashed() + ".att -> "
                + manifest);
        out.flush();
        return 0;
    }

    private byte[] readPredicate() throws AttestException {
        try {
            if (Files.size(predicate) > MAX_PREDICATE) {
                throw new AttestException(Kind.BAD_INPUT, "cannot read predicate " + predicate + ": larger than "
                        + MAX_PREDICATE + " bytes");
            }
            return Files.readAllBytes(predicate);
        } catch (IOException e) {
            throw new AttestException(Kind.BAD_INPUT, "cannot read predicate " + predicate + ": " + e.getMessage(), e);
        }
    }
}
