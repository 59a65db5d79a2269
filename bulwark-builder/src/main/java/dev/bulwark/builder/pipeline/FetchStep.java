package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.lock.Locker;
import dev.bulwark.core.BulwarkException;

/**
 * Fetches the locked packages of the requested architectures that the cache lacks, each verified against the lock;
 * with every package cached it never touches the network. A lock made in this build has fetched already.
 */
final class FetchStep implements BuildStep {
    private final Locker locker;

    FetchStep(Locker locker) {
        this.locker = locker;
    }

    @Override
    public void run(BuildContext context) throws BulwarkException {
        if (context.fetchOrNull() != null) {
            return;
        }
        context.fetch(locker.fetch(Locker.only(context.lock(), context.request().archs()), context.progress()));
    }
}
