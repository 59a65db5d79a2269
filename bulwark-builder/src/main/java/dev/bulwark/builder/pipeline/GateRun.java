package dev.bulwark.builder.pipeline;

import dev.bulwark.policy.gate.Gate;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.attest.signers.CosignAttestations;
import dev.bulwark.attest.signers.Signer;
import dev.bulwark.builder.BuildException;
import dev.bulwark.spec.Spec;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a build's gates on the assembled images, refuses to publish on a failure (unless allowed), and attaches every
 * gate's report to each output that holds evidence: a cosign attestation when signing, else an unsigned in-toto
 * statement as an OCI referrer.
 */
final class GateRun {
    private GateRun() {
    }

    static List<Gate.Result> check(Gate.Gates gates, Spec spec, Map<String, Image> images, Progress progress)
            throws BulwarkException {
        List<Gate.Result> results = new ArrayList<>();
        for (Gate g : gates.gates()) {
            if (!g.appliesTo(spec)) {
                continue;
            }
            progress.info("Gate " + g.name() + ": checking " + spec.name());
            Gate.Result r = g.check(spec, images);
            progress.info("Gate " + g.name() + ": " + (r.passed() ? "passed" : "FAILED") + " — " + r.summary());
            results.add(r);
        }
        List<Gate.Result> failed = results.stream().filter(r -> !r.passed()).toList();
        if (!failed.isEmpty() && !gates.allowFailed()) {
            throw new BuildException(Kind.CHECK_FAILED, "cannot publish " + spec.name() + ": "
                    + String.join("; ", failed.stream().map(r -> "gate " + r.gate() + " failed: " + r.summary()).toList())
                    + "; nothing was written to any output (fix the image, or build with --allow-failed-gates to "
                    + "publish it with the failure recorded in its attestations)");
        }
        return results;
    }

    /** Attaches each gate's report beside the image published to {@code out}, through its store. */
    static void attach(List<Gate.Result> results, String name, BuildOutput out, Signer signer)
            throws BulwarkException {
        if (results.isEmpty()) {
            return;
        }
        Store store = out.destination().store();
        WriteResult written = out.written();
        for (Gate.Result r : results) {
            Statement statement = new Statement(List.of(new Subject(name, written.root().digest())), r.predicateType(),
                    r.predicate());
            if (signer != null) {
                CosignAttestations.attest(store, written.root().digest(), statement, signer);
            } else {
                Referrers.attach(store, written.root(), Statement.PAYLOAD_TYPE,
                        List.of(Referrers.Blob.of(Statement.PAYLOAD_TYPE, statement.toJson())),
                        Map.of("dev.bulwark.gate", r.gate(), "in-toto.io/predicate-type", r.predicateType(),
                                "dev.bulwark.gate.passed", String.valueOf(r.passed())));
            }
        }
    }
}
