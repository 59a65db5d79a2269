package dev.bulwark.builder.pipeline;

import dev.bulwark.core.BulwarkException;

/**
 * One step of a build — check, lock, fetch, assemble, gate, publish, attach evidence — reading what earlier steps left
 * in the {@link BuildContext} and adding its own result there.
 */
interface BuildStep {

    void run(BuildContext context) throws BulwarkException;
}
