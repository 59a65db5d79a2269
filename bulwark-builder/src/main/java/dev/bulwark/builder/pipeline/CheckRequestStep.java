package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Writable;
import dev.bulwark.oci.ref.ImageReference;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Refuses what cannot work before any download or build, and opens every output once for the later steps. */
final class CheckRequestStep implements BuildStep {

    @Override
    public void run(BuildContext context) throws BulwarkException {
        BuildRequest request = context.request();
        if (request.outputs().isEmpty()) {
            throw new BuildException(Kind.BAD_INPUT, "cannot build " + request.spec().name() + ": no --output given "
                    + "(e.g. --output oci:out/" + request.spec().name() + ")");
        }
        List<BuildOutput> outputs = new ArrayList<>();
        for (ImageReference out : request.outputs()) {
            outputs.add(new BuildOutput(out, Sinks.open(out, request.archs().size(), request.registry()), null));
        }
        if (!Files.isRegularFile(request.lockPath())) {
            Writable.target(request.lockPath(), "the lockfile", "make its directory writable or lock it elsewhere first");
        }
        if (request.signer() != null && outputs.stream().noneMatch(BuildOutput::holdsEvidence)) {
            throw new BuildException(Kind.BAD_INPUT, "cannot sign: none of the outputs can hold signatures; add an oci: "
                    + "layout or a registry output (archives cannot carry cosign's .sig and .att tags)");
        }
        context.outputs(outputs);
    }
}
