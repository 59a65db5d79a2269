package dev.bulwark.builder.pipeline;

import dev.bulwark.core.BulwarkException;

/**
 * Points every output's tag at the image {@link PublishStep} stored there: the last step of a build, so the tag moves
 * only once the gates passed and the signatures and evidence are attached (the README's "moving tags last").
 */
final class TagStep implements BuildStep {

    @Override
    public void run(BuildContext context) throws BulwarkException {
        for (BuildOutput out : context.outputs()) {
            out.staged().tag();
        }
    }
}
