package dev.bulwark.cli;

import dev.bulwark.attest.signers.CosignSignatures;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Digest;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec.Target;

/** {@code bulwark sign REF --key K}: a cosign-compatible signature at the image's {@code sha256-<hex>.sig} tag. */
@Command(name = "sign",
        footer = {"", "Examples:",
                "  bulwark sign oci:out/python3 --key cosign.key",
                "  bulwark sign 127.0.0.1:5000/python3:1 --key cosign.key -a build=42"},
        header = "Sign an image the way 'cosign sign --key' does.", mixinStandardHelpOptions = true,
        description = {"Sign an image the way 'cosign sign --key' does (simple-signing payload at the",
                "sha256-<hex>.sig tag), in a registry or an oci: layout. No transparency log is used: verify with",
                "'bulwark verify' or 'cosign verify --key K.pub --insecure-ignore-tlog'."})
final class SignCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "The image (oci:DIR[:TAG] or HOST/REPO[:TAG|@DIGEST]).")
    String ref;
    @Mixin
    KeyOptions.Signing key;
    @Option(names = {"-a", "--annotations"}, paramLabel = "KEY=VALUE", description = "Extra claims in the signed payload.")
    Map<String, String> annotations = new TreeMap<>();
    @Mixin
    RegistryOptionsMixin registry;
    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        var signer = key.signer();
        SigningTarget t = SigningTarget.open(ref, registry.toOptions(Progress.NONE));
        Digest manifest = CosignSignatures.sign(t.store(), t.root().digest(), t.name(), signer, annotations);
        PrintWriter out = self.commandLine().getOut();
        out.println("signed " + t.root().digest() + " (" + t.name() + "): " + t.root().digest().dashed() + ".sig -> "
                + manifest);
        out.flush();
        return 0;
    }
}
