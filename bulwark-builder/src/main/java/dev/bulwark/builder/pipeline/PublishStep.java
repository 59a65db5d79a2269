package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.assemble.ImageAssembler;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.transport.ImageWrite;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the images: writes them (an index when there are several) to every output through the destination
 * opened at the start, moving each output's tag to them.
 */
final class PublishStep implements BuildStep {

    @Override
    public void run(BuildContext context) throws BulwarkException {
        ImageWrite write = new ImageWrite(new ArrayList<>(context.images().values()),
                context.indexAnnotations() != null ? context.indexAnnotations()
                        : ImageAssembler.annotations(context.request().spec(),
                                Instant.ofEpochSecond(context.lock().sourceDateEpoch())));
        List<BuildOutput> published = new ArrayList<>();
        for (BuildOutput out : context.outputs()) {
            context.progress().info("Writing " + out.requested());
            published.add(out.published(out.destination().sink().write(write)));
        }
        context.outputs(published);
    }
}
