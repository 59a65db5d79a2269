package dev.bulwark.catalog.vex;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.scan.vex.OpenVex;
import dev.bulwark.scan.vex.VexDocument;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The OpenVEX documents an image carries ({@code image_vex}): given to {@code catalog add --vex}, kept with the
 * image's definition and applied to the scan of each of its builds, watch rebuilds included.
 */
public final class ImageVex {
    /** One document as given: the file it came from and its text (parsed again on each use). */
    public record Stored(String name, String text) {
        public Stored {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
        }

        /** The document, parsed; BAD_INPUT when it is not OpenVEX. */
        public VexDocument document() throws BulwarkException {
            return OpenVex.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name);
        }
    }

    private final CatalogDatabase db;
    private final Clock clock;

    public ImageVex(CatalogDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Replaces the documents {@code image} carries with {@code documents} (each must parse) and says so in its events. */
    public void replace(String image, List<Stored> documents) throws BulwarkException {
        for (Stored d : documents) {
            d.document();
        }
        db.transaction("record the VEX documents of " + image, c -> {
            long id = imageId(c, image);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM image_vex WHERE image_id = ?")) {
                s.setLong(1, id);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO image_vex (image_id, position, name, document) "
                    + "VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < documents.size(); i++) {
                    s.setLong(1, id);
                    s.setInt(2, i);
                    s.setString(3, documents.get(i).name());
                    s.setString(4, documents.get(i).text());
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO events (at, kind, image_id, build_id, message) "
                    + "VALUES (?, 'image.vex', ?, NULL, ?)")) {
                s.setLong(1, clock.millis());
                s.setLong(2, id);
                s.setString(3, documents.size() + " VEX document(s): " + String.join(", ",
                        documents.stream().map(Stored::name).toList()));
                s.executeUpdate();
            }
            return null;
        });
    }

    /** The documents {@code image} carries, in the order given (none when it is not catalogued or carries none). */
    public List<Stored> stored(String image) throws CatalogException {
        return db.read("read the VEX documents of " + image, c -> {
            List<Stored> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT v.name, v.document FROM image_vex v JOIN images i "
                    + "ON i.id = v.image_id WHERE i.name = ? ORDER BY v.position")) {
                s.setString(1, image);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Stored(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    /** The documents {@code image} carries, parsed. */
    public List<VexDocument> documents(String image) throws BulwarkException {
        List<VexDocument> out = new ArrayList<>();
        for (Stored s : stored(image)) {
            out.add(s.document());
        }
        return out;
    }

    private static long imageId(java.sql.Connection c, String image) throws java.sql.SQLException, CatalogException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM images WHERE name = ?")) {
            s.setString(1, image);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new CatalogException(Kind.BAD_INPUT, "cannot find image " + image + " in the catalog: it is "
                            + "not catalogued; 'bulwark catalog list' shows what is");
                }
                return rs.getLong(1);
            }
        }
    }
}
