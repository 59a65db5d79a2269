package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.assemble.ImageAssembler;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.transport.ImageWrite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores the images (an index when there are several) in every output by digest, through the destination opened
 * at the start. No tag moves here: {@link TagStep} moves them once {@link AttachEvidenceStep} has attached the
 * signatures and evidence, so a tag never names an image without them.
 */
final class PublishStep implements BuildStep {

    @Override
    public void run(BuildContext context) throws BulwarkException {
        ImageWrite write = new ImageWrite(new ArrayList<>(context.images().values()),
                context.indexAnnotations() != null ? context.indexAnnotations()
                        : ImageAssembler.annotations(context.request().spec(),
                                Instant.ofEpochSecond(context.lock().sourceDateEpoch())));
        List<BuildOutput> outputs = new ArrayList<>(context.outputs());
        for (int i = 0; i < outputs.size(); i++) {
            BuildOutput out = outputs.get(i);
            context.progress().info("Writing " + out.requested());
            outputs.set(i, out.staged(out.destination().sink().stage(write)));
            context.outputs(outputs); // at once, so a failure at the next output still abandons this one
        }
    }
}
