package dev.bulwark.catalog.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The SLA report at {@code at} against {@code target}: per image and overall, the fix-to-publish times of closed
 * clocks (p50, p95, max by nearest rank), the clocks still open ("exposed for"), and every breach — a closed clock
 * that took longer than the target or an open one already past it.
 */
public record SlaReport(Instant at, Duration target, List<ImageSla> images, Stats overall, List<SlaClock> breaches) {

    /** Counts and percentiles of closed clocks; the durations are null when nothing closed. */
    public record Stats(int closed, int open, Duration p50, Duration p95, Duration max) {
    }

    public record ImageSla(String image, Stats stats, List<SlaClock> clocks) {
        public ImageSla {
            clocks = List.copyOf(clocks);
        }
    }

    public SlaReport {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(target, "target");
        images = List.copyOf(images);
        breaches = List.copyOf(breaches);
    }

    /** The report over {@code clocks} (any order) at {@code at}. */
    public static SlaReport of(List<SlaClock> clocks, Duration target, Instant at) {
        Map<String, List<SlaClock>> byImage = new TreeMap<>();
        clocks.forEach(k -> byImage.computeIfAbsent(k.image(), i -> new ArrayList<>()).add(k));
        List<ImageSla> images = new ArrayList<>();
        byImage.forEach((image, list) -> {
            list.sort(Comparator.comparing(SlaClock::fixSeenAt).thenComparing(SlaClock::cve));
            images.add(new ImageSla(image, stats(list, at), list));
        });
        List<SlaClock> breaches = clocks.stream().filter(k -> k.elapsed(at).compareTo(target) > 0)
                .sorted(Comparator.comparing((SlaClock k) -> k.elapsed(at)).reversed().thenComparing(SlaClock::image))
                .toList();
        return new SlaReport(at, target, images, stats(clocks, at), breaches);
    }

    static Stats stats(List<SlaClock> clocks, Instant at) {
        List<Duration> closed = clocks.stream().filter(k -> !k.open()).map(k -> k.elapsed(at)).sorted().toList();
        int open = (int) clocks.stream().filter(SlaClock::open).count();
        if (closed.isEmpty()) {
            return new Stats(0, open, null, null, null);
        }
        return new Stats(closed.size(), open, rank(closed, 50), rank(closed, 95), closed.get(closed.size() - 1));
    }

    /** The nearest-rank percentile of sorted durations. */
    static Duration rank(List<Duration> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
