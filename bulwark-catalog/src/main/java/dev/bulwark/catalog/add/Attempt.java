package dev.bulwark.catalog.add;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException.Kind;
import java.util.Objects;

/**
 * The rebuild request a build is made for — one attempt of a worker at it, {@code name} saying which in messages —
 * and the fence its writes pass: {@code owns} holds while the attempt still owns its request, false once another
 * attempt has taken it over (the worker was thought dead: silent for its heartbeats). {@link CatalogAdd} checks it
 * on the catalog's database immediately before moving each moving tag and in the transaction that records the
 * build, and records {@code requestId} with the build, so that a later attempt credits itself with that build only.
 */
public record Attempt(long requestId, String name, Catalog.Guard owns) {
    public Attempt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owns, "owns");
    }

    /**
     * The attempt was taken over before it moved a moving tag or recorded its build: it does neither, and the attempt
     * that owns the request now publishes. Not a failure of the build, nor of the environment: nothing to retry.
     */
    public static final class TakenOver extends CatalogException {
        TakenOver(String message) {
            super(Kind.CHECK_FAILED, message);
        }
    }
}
