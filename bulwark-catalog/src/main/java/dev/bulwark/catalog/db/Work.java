package dev.bulwark.catalog.db;

import dev.bulwark.catalog.CatalogException;
import java.sql.Connection;
import java.sql.SQLException;

/** What runs inside one catalog transaction. */
@FunctionalInterface
public interface Work<T> {
    T run(Connection connection) throws SQLException, CatalogException;
}
