package dev.bulwark.catalog.store;

import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.PackageUse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL over {@code packages} (each distinct .deb once) and {@code build_packages}. */
final class PackageRows {
    private PackageRows() {
    }

    static void insert(Connection c, long buildId, List<BuiltPackage> packages) throws SQLException {
        try (PreparedStatement add = c.prepareStatement("INSERT INTO packages (sha256, name, version, architecture, "
                + "source, source_version, size, filename) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING");
                PreparedStatement find = c.prepareStatement("SELECT id FROM packages WHERE sha256 = ?");
                PreparedStatement link = c.prepareStatement(
                        "INSERT INTO build_packages (build_id, arch, package_id, suite) VALUES (?, ?, ?, ?)")) {
            for (BuiltPackage p : packages) {
                add.setString(1, p.sha256());
                add.setString(2, p.name());
                add.setString(3, p.version());
                add.setString(4, p.architecture());
                add.setString(5, p.source());
                add.setString(6, p.sourceVersion());
                add.setLong(7, p.size());
                add.setString(8, p.filename());
                add.executeUpdate();
                find.setString(1, p.sha256());
                long id;
                try (ResultSet rs = find.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
                link.setLong(1, buildId);
                link.setString(2, p.arch());
                link.setLong(3, id);
                link.setString(4, p.suite());
                link.addBatch();
            }
            link.executeBatch();
        }
    }

    static List<BuiltPackage> ofBuild(Connection c, long buildId) throws SQLException {
        List<BuiltPackage> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT bp.arch, p.name, p.version, p.architecture, p.source, "
                + "p.source_version, bp.suite, p.filename, p.size, p.sha256 FROM build_packages bp "
                + "JOIN packages p ON p.id = bp.package_id WHERE bp.build_id = ? ORDER BY bp.arch, p.name")) {
            s.setLong(1, buildId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new BuiltPackage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9),
                            rs.getString(10)));
                }
            }
        }
        return out;
    }

    /**
     * Builds that install binary or source package {@code name} (at {@code version}, binary or source version, when
     * not null): only each image's newest build unless {@code allBuilds}.
     */
    static List<PackageUse> whoUses(Connection c, String name, String version, boolean allBuilds) throws SQLException {
        String match = version == null ? "(p.name = ? OR p.source = ?)"
                : "((p.name = ? AND p.version = ?) OR (p.source = ? AND p.source_version = ?))";
        // Current builds only: current_packages alone (an index range per matching package, no other table read).
        String sql = allBuilds ? "SELECT i.name, b.number, i.current_build_id = b.id, bp.arch, p.name, p.version, "
                + "p.source, p.source_version FROM packages p JOIN build_packages bp ON bp.package_id = p.id "
                + "JOIN builds b ON b.id = bp.build_id JOIN images i ON i.id = b.image_id "
                + "WHERE " + match + " ORDER BY i.name, b.number DESC, bp.arch, p.name"
                : "SELECT cp.image_name, cp.build_number, 1 = 1, cp.arch, p.name, p.version, p.source, p.source_version "
                + "FROM packages p JOIN current_packages cp ON cp.package_id = p.id "
                + "WHERE " + match + " ORDER BY cp.image_name, cp.arch, p.name";
        List<PackageUse> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (version == null) {
                s.setString(1, name);
                s.setString(2, name);
            } else {
                s.setString(1, name);
                s.setString(2, version);
                s.setString(3, name);
                s.setString(4, version);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new PackageUse(rs.getString(1), rs.getInt(2), rs.getBoolean(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
        }
        return out;
    }
}
