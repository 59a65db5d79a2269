package dev.bulwark.catalog.sla;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/** The {@code --format json} view of an SLA report; durations in seconds. */
public final class SlaJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SlaJson() {
    }

    public static String render(SlaReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("at", r.at().toString());
        root.put("targetSeconds", r.target().toSeconds());
        stats(root.putObject("overall"), r.overall());
        ArrayNode images = root.putArray("images");
        for (SlaReport.ImageSla i : r.images()) {
            ObjectNode n = images.addObject().put("image", i.image());
            stats(n.putObject("stats"), i.stats());
            ArrayNode clocks = n.putArray("clocks");
            i.clocks().forEach(k -> clock(clocks.addObject(), k, r.at(), r.target()));
        }
        ArrayNode breaches = root.putArray("breaches");
        r.breaches().forEach(k -> clock(breaches.addObject(), k, r.at(), r.target()));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }

    private static void stats(ObjectNode n, SlaReport.Stats s) {
        n.put("closed", s.closed());
        n.put("open", s.open());
        seconds(n, "p50Seconds", s.p50());
        seconds(n, "p95Seconds", s.p95());
        seconds(n, "maxSeconds", s.max());
    }

    private static void clock(ObjectNode n, SlaClock k, Instant at, Duration target) {
        n.put("image", k.image()).put("cve", k.cve()).put("sourcePackage", k.sourcePackage())
                .put("fixedVersion", k.fixedVersion()).put("suite", k.suite()).put("fixSeenAt", k.fixSeenAt().toString());
        if (k.open()) {
            n.putNull("publishedAt");
            n.put("exposedSeconds", k.elapsed(at).toSeconds());
        } else {
            n.put("publishedAt", k.closedAt().toString());
            n.put("build", k.build());
            n.put("fixToPublishSeconds", k.elapsed(at).toSeconds());
        }
        n.put("open", k.open());
        n.put("breach", k.elapsed(at).compareTo(target) > 0);
    }

    private static void seconds(ObjectNode n, String field, Duration d) {
        if (d == null) {
            n.putNull(field);
        } else {
            n.put(field, d.toSeconds());
        }
    }
}
