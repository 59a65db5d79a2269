package dev.bulwark.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.vex.BuildVex;
import dev.bulwark.catalog.vex.ImageVex;
import dev.bulwark.catalog.vex.VexFinding;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.scan.vex.VexDocument;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VEX documents an image carries (schema 36), and a build's VEX status recorded with the build itself. */
class ImageVexTest {
    @TempDir
    Path dir;
    CatalogDatabase db;
    Catalog catalog;

    @BeforeEach
    void open() throws Exception {
        db = CatalogDatabase.open(new CatalogLocation.SqliteFile(dir.resolve("c.db")), Duration.ofSeconds(5));
        catalog = new Catalog(db, Clock.systemUTC());
        catalog.define(Synthetic.image("api"));
    }

    private static ImageVex.Stored doc(String name, String id, String cve, String status) {
        return new ImageVex.Stored(name, """
                {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "%s", "author": "t",
                 "timestamp": "2026-11-30T12:00:00Z", "statements": [{"vulnerability": {"name": "%s"},
                 "products": [{"@id": "pkg:deb/debian/openssl"}], "status": "%s"}]}
                """.formatted(id, cve, status));
    }

    @Test
    void replace_keepsTheDocumentsInTheOrderGiven_andALaterReplaceDropsTheOldOnes() throws Exception {
        ImageVex vex = new ImageVex(db, Clock.systemUTC());
        vex.replace("api", List.of(doc("a.json", "urn:a", "CVE-2026-1", "not_affected"),
                doc("b.json", "urn:b", "CVE-2026-2", "fixed")));
        assertThat(vex.documents("api")).extracting(VexDocument::id).containsExactly("urn:a", "urn:b");
        vex.replace("api", List.of(doc("c.json", "urn:c", "CVE-2026-3", "affected")));
        assertThat(vex.stored("api")).extracting(ImageVex.Stored::name).containsExactly("c.json");
        assertThat(catalog.events("api")).extracting(e -> e.kind() + " " + e.message())
                .contains("image.vex 1 VEX document(s): c.json");
        assertThat(vex.stored("nope")).isEmpty();
    }

    @Test
    void replace_refusesADocumentThatIsNotOpenVex_andKeepsWhatWasThere() throws Exception {
        ImageVex vex = new ImageVex(db, Clock.systemUTC());
        vex.replace("api", List.of(doc("a.json", "urn:a", "CVE-2026-1", "not_affected")));
        assertThatThrownBy(() -> vex.replace("api", List.of(new ImageVex.Stored("bad.json", "{\"statements\": []}"))))
                .isInstanceOf(BulwarkException.class).hasMessageContaining("cannot read VEX document bad.json");
        assertThat(vex.documents("api")).extracting(VexDocument::id).containsExactly("urn:a");
        assertThatThrownBy(() -> vex.replace("nope", List.of())).hasMessageContaining("not catalogued");
    }

    @Test
    void recordBuild_withVex_recordsTheStatusInTheBuildsTransaction() throws Exception {
        int number = catalog.recordBuild(Synthetic.build("api", Synthetic.packages("openssl=3.5.1-1"), List.of(),
                Synthetic.scan(1, 0), List.of(new Vulnerability("CVE-2026-1000", "openssl", "3.5.1-1", null, "high"))),
                List.of(new VexFinding("CVE-2026-2000", "openssl", "3.5.1-1", null, "medium", "not_affected",
                        "component_not_present", "", "urn:a")));
        BuildVex.Findings f = new BuildVex(db, Clock.systemUTC()).read("api", number);
        assertThat(f.findings()).extracting(VexFinding::vulnerability, VexFinding::suppressed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CVE-2026-1000", false),
                org.assertj.core.groups.Tuple.tuple("CVE-2026-2000", true));
        assertThat(catalog.events("api")).extracting(e -> e.kind()).endsWith("build.recorded", "vex.recorded");
    }
}
