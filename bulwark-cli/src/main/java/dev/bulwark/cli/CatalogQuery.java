package dev.bulwark.cli;

import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;

/** A catalog verb that opens the catalog, reads one result and prints it: implement {@link #query}. */
abstract class CatalogQuery extends CatalogVerb {

    /** Reads what the verb shows from the opened catalog; rendering waits until the view is printed. */
    abstract View query(Catalog catalog) throws BulwarkException;

    @Override
    public Integer call() throws BulwarkException {
        print(query(catalogOptions.open()));
        return 0;
    }
}
