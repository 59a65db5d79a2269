package dev.bulwark.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CveChartTest {
    private static FleetRows.Scan scan(String image, long at, int high, int low) {
        return new FleetRows.Scan(image, at, new Severities(0, high, 0, low, 0));
    }

    @Test
    void ofFleet_countsEachImagesCurrentBuildOnly_atEveryBuild() {
        List<CveChart.Point> points = CveChart.ofFleet(List.of(scan("a", 10, 3, 1), scan("b", 20, 2, 0),
                scan("a", 30, 1, 0), scan("b", 30, 0, 0)));
        assertThat(points).extracting(p -> p.at() + ":" + p.counts().high() + "/" + p.counts().low())
                .containsExactly("10:3/1", "20:5/1", "30:1/0");
    }

    @Test
    void thin_keepsAtMostTheLimit_andTheLastPoint() {
        List<CveChart.Point> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(new CveChart.Point(i * 1000L, new Severities(0, i, 0, 0, 0)));
        }
        List<CveChart.Point> thin = CveChart.thin(many);
        assertThat(thin.size()).isLessThanOrEqualTo(240).isGreaterThan(100);
        assertThat(thin.get(thin.size() - 1)).isEqualTo(many.get(many.size() - 1));
        assertThat(thin.get(0)).isEqualTo(many.get(0));
    }

    @Test
    void svg_stacksTheSeverities_andTheTopEdgeIsTheTotal() {
        String svg = CveChart.svg(List.of(new CveChart.Point(0, new Severities(1, 2, 3, 4, 0)),
                new CveChart.Point(100, new Severities(0, 0, 0, 0, 0))), 200);
        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("critical 0").contains("low 0");
        assertThat(svg.split("<polygon", -1)).hasSize(6);
        // The y axis runs to the total (10), and the top band starts at the plot's top edge (y = 14).
        assertThat(svg).contains(">10</text>").contains("class=\"other\" fill=\"#78909c\" fill-opacity=\"0.85\" "
                + "points=\"44.0,14.0 ");
    }

    @Test
    void svg_withoutScans_saysSo() {
        assertThat(CveChart.svg(List.of(), 0)).contains("No scanned builds yet");
    }
}
