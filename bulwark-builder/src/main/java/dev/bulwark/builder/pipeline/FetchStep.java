package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.lock.Locker;
import dev.bulwark.core.BulwarkException;

/**
 * Fetches the locked packages of the requested architectures that the cache lacks, each verified against the lock;
 * with every package cached it never touches the network. A lock made in this build has fetched already. For an image
 * from packages the fetch runs beside the assembly ({@link PendingFetch}): each layer starts once its package is in.
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
        var lock = Locker.only(context.lock(), context.request().archs());
        if (context.request().spec().isCustomization()) {
            context.fetch(locker.fetch(lock, context.progress()));   // a customization reads its packages all at once
            return;
        }
        context.fetching(PendingFetch.start(locker, lock, context.progress()));
    }
}
