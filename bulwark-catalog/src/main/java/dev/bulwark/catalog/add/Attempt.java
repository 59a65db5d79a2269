package dev.bulwark.catalog.add;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException.Kind;
import java.util.Objects;

/**
 * The rebuild request a build is made for — one attempt of a worker at it, {@code name} saying which in messages —
 * and the fence its writes pass: {@code owns} holds while the attempt still owns its request, false once another
 * attempt has taken it over (the worker was thought dead: silent for its heartbeats). {@link CatalogAdd} checks it
 * on the catalog's database before it builds, immediately before moving each moving tag and in the transaction that
 * records the build, and records {@code requestId} with the build, so that a later attempt credits itself with that
 * build only.
 */
public record Attempt(long requestId, String name, Catalog.Guard owns) {
    public Attempt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owns, "owns");
    }

    /**
     * The attempt was taken over, and the fence stopped it at {@code stage} (how far it got, what it does not do):
     * it moves no further moving tag and records no build, and the attempt that owns the request now publishes.
     * Not a failure of the build, nor of the environment: nothing to retry, nothing to record as failed.
     */
    public static final class TakenOver extends CatalogException {
        private final String stage;

        TakenOver(Attempt attempt, String stage) {
            super(Kind.CHECK_FAILED, attempt.name() + " was taken over by a newer attempt " + stage);
            this.stage = stage;
        }

        /** Where the fence stopped the attempt and what it left undone ("before it moved REF: …"). */
        public String stage() {
            return stage;
        }
    }
}
