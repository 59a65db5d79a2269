package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.lock.LockRequest;
import dev.bulwark.builder.lock.LockResult;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;

import java.nio.file.Files;

/**
 * Reads the lock and checks it was made for this spec and these architectures; without one, resolves and locks first
 * (which fetches the packages as it goes).
 */
final class LockStep implements BuildStep {
    private final Locker locker;

    LockStep(Locker locker) {
        this.locker = locker;
    }

    @Override
    public void run(BuildContext context) throws BulwarkException {
        BuildRequest request = context.request();
        if (Files.isRegularFile(request.lockPath())) {
            Lockfile lock = LockfileCodec.read(request.lockPath());
            checkFresh(request, lock);
            if (request.spec().isCustomization()) {
                locker.customizer(request.spec()).checkLock(request.spec(), lock, request.lockPath(), context.progress());
            }
            context.lock(lock, false);
            return;
        }
        context.progress().info("No lock at " + request.lockPath() + "; resolving and locking first");
        LockResult locked = locker.lock(new LockRequest(request.spec(), request.lockPath(), true, request.archs(),
                request.sourceDateEpoch()), context.progress());
        context.lock(locked.lockfile(), true);
        context.fetch(locked.fetch());
    }

    private static void checkFresh(BuildRequest request, Lockfile lock) throws BulwarkException {
        String specSha = request.spec().sha256();
        if (!specSha.equals(lock.specSha256())) {
            throw new BuildException(Kind.BAD_INPUT, "cannot build from " + request.lockPath() + ": it was made for another "
                    + "version of " + request.spec().file() + " (spec SHA-256 " + lock.specSha256() + ", now " + specSha
                    + "); run 'bulwark lock " + request.spec().file() + "' to update it");
        }
        for (String arch : request.archs()) {
            if (!lock.archs().containsKey(arch)) {
                throw new BuildException(Kind.BAD_INPUT, "cannot build " + arch + " from " + request.lockPath()
                        + ": the lock has only " + lock.archs().keySet() + "; run 'bulwark lock' after adding it to the spec");
            }
        }
    }
}
