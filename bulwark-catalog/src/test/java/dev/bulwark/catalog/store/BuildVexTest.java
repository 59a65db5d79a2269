package dev.bulwark.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.vex.BuildVex;
import dev.bulwark.catalog.vex.FleetVulnerabilities;
import dev.bulwark.catalog.vex.VexFinding;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VEX status of a build's findings (schema 35): recorded beside the findings, read back as one list. */
class BuildVexTest {
    @TempDir
    Path dir;
    CatalogDatabase db;
    Catalog catalog;

    @BeforeEach
    void open() throws Exception {
        db = CatalogDatabase.open(new CatalogLocation.SqliteFile(dir.resolve("c.db")), Duration.ofSeconds(5));
        catalog = new Catalog(db, Clock.systemUTC());
        for (String name : List.of("api", "web")) {
            catalog.define(Synthetic.image(name));
            catalog.recordBuild(Synthetic.build(name, Synthetic.packages("libc6=2.41-12", "openssl=3.5.1-1"), List.of(),
                    Synthetic.scan(1, 0), List.of(new Vulnerability("CVE-2026-1000", "openssl", "3.5.1-1", null, "high"))));
        }
    }

    private static VexFinding notAffected(String cve, String pkg) {
        return new VexFinding(cve, pkg, "2.41-12", null, "medium", "not_affected", "component_not_present", "",
                "vex.json");
    }

    @Test
    void read_joinsTheFindingsWithTheirStatus_andAddsWhatVexSuppressed() throws Exception {
        BuildVex vex = new BuildVex(db, Clock.systemUTC());
        vex.record("api", 1, List.of(new VexFinding("CVE-2026-1000", "openssl", "3.5.1-1", null, "high",
                "under_investigation", "", "triage by Friday", "vex.json"), notAffected("CVE-2026-2000", "libc6")));
        BuildVex.Findings f = vex.read("api", 0);
        assertThat(f.build()).isEqualTo(1);
        assertThat(f.scanned()).isTrue();
        assertThat(f.findings()).extracting(VexFinding::vulnerability, VexFinding::status, VexFinding::suppressed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CVE-2026-1000", "under_investigation", false),
                        org.assertj.core.groups.Tuple.tuple("CVE-2026-2000", "not_affected", true));
        assertThat(vex.read("web", 1).findings()).extracting(VexFinding::status).containsExactly((String) null);
    }

    @Test
    void record_replacesWhatWasRecordedForTheBuild() throws Exception {
        BuildVex vex = new BuildVex(db, Clock.systemUTC());
        vex.record("api", 1, List.of(notAffected("CVE-2026-2000", "libc6")));
        vex.record("api", 1, List.of(notAffected("CVE-2026-3000", "libc6")));
        assertThat(vex.read("api", 1).findings()).extracting(VexFinding::vulnerability)
                .containsExactly("CVE-2026-1000", "CVE-2026-3000");
    }

    @Test
    void theFleet_countsImagesAndWhatVexSuppressed() throws Exception {
        new BuildVex(db, Clock.systemUTC()).record("web", 0, List.of(new VexFinding("CVE-2026-1000", "openssl", "3.5.1-1", null, "high",
                "fixed", "", "patched in our build", "vex.json")));
        List<FleetVulnerabilities.Exposure> fleet = new FleetVulnerabilities(db).exposures();
        assertThat(fleet).hasSize(1);
        assertThat(fleet.get(0).images()).isEqualTo(2);
        assertThat(fleet.get(0).suppressed()).isEqualTo(1);
        assertThat(fleet.get(0).affected()).isEqualTo(1);
        assertThat(new FleetVulnerabilities(db).uses("CVE-2026-1000")).extracting(FleetVulnerabilities.Use::image)
                .containsExactly("api", "web");
    }

    @Test
    void unknownImagesAndBuilds_areBadInput() {
        assertThatThrownBy(() -> new BuildVex(db, Clock.systemUTC()).read("nope", 0)).hasMessageContaining("image nope");
        assertThatThrownBy(() -> new BuildVex(db, Clock.systemUTC()).record("api", 7, List.of())).hasMessageContaining("build 7 of api");
        assertThatThrownBy(() -> new VexFinding("CVE-1", "libc6", "1", null, "low", "maybe", "", "", ""))
                .hasMessageContaining("is not one of");
    }
}
