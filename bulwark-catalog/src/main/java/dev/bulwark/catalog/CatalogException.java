package dev.bulwark.catalog;

import dev.bulwark.core.BulwarkException;

/** Root of every failure the catalog reports: a bad location or input, or a database that cannot be used. */
public class CatalogException extends BulwarkException {

    public CatalogException(Kind kind, String message) {
        super(kind, message);
    }

    public CatalogException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
