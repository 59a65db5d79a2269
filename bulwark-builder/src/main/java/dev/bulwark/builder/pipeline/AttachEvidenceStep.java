package dev.bulwark.builder.pipeline;

import dev.bulwark.core.BulwarkException;

/**
 * Beside each published image that can hold them (layouts and registries): with a signer, cosign signatures and
 * SBOM and provenance attestations; without one and when asked, the same SBOMs and provenance unsigned as OCI
 * referrers; and every gate's report. Records what each output now holds.
 */
final class AttachEvidenceStep implements BuildStep {

    @Override
    public void run(BuildContext context) throws BulwarkException {
        BuildRequest request = context.request();
        for (BuildOutput out : context.outputs()) {
            boolean signed = false;
            if (out.holdsEvidence()) {
                if (request.signer() != null) {
                    context.progress().info("Signing " + out.requested() + " and attaching SBOMs and provenance");
                    BuildEvidence.attach(context, out);
                    signed = true;
                } else if (request.attachSboms()) {
                    context.progress().info("Attaching SBOMs and provenance to " + out.requested()
                            + " (unsigned; sign with --sign-key)");
                    BuildEvidence.attachUnsigned(context, out);
                }
                GateRun.attach(context.gateResults(), request.spec().name(), out, request.signer());
            }
            context.result(new BuildResult.Output(out.target(), out.written(), signed));
        }
    }
}
