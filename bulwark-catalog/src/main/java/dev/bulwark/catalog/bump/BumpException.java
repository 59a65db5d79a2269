package dev.bulwark.catalog.bump;

import dev.bulwark.catalog.CatalogException;

/** A bump that cannot go on: a file that cannot be read or parsed, or a release source that cannot be used. */
public class BumpException extends CatalogException {
    public BumpException(Kind kind, String message) {
        super(kind, message);
    }

    public BumpException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
