package dev.bulwark.catalog.release;

import dev.bulwark.catalog.model.Attestation;
import dev.bulwark.catalog.model.BuildDiff;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.Vulnerability;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One release of an image, as the feeds and webhooks announce it: build {@code build} took the image's tags at
 * {@code at}, either as a new build or by a rollback. It says what changed since the build the tags held before
 * ({@code fromBuild}, 0 for an image's first release), which CVEs that fixed, the digest per platform and where
 * the evidence is: the references it is published at and the digests of its attestations.
 */
public record Release(String eventId, Kind kind, String image, int build, int fromBuild, Instant at, String reason,
        String digest, List<PlatformBuild> platforms, int packageCount, List<BuildDiff.PackageChange> changes,
        List<Vulnerability> fixed, List<Publication> references, List<Attestation> evidence) {
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    /** What happened; each is one CloudEvents type. */
    public enum Kind {
        RELEASED("released", "dev.bulwark.image.released"),
        ROLLED_BACK("rolled-back", "dev.bulwark.image.rolledback");

        private final String label;
        private final String eventType;

        Kind(String label, String eventType) {
            this.label = label;
            this.eventType = eventType;
        }

        /** How the catalog stores it: released, rolled-back. */
        public String label() {
            return label;
        }

        public String eventType() {
            return eventType;
        }

        public static Kind ofLabel(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("not a release kind: " + label);
        }
    }

    public Release {
        if (eventId == null || !EVENT_ID.matcher(eventId).matches()) {
            throw new IllegalArgumentException("not a release event id: " + eventId);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(image, "image");
        if (build < 1 || fromBuild < 0) {
            throw new IllegalArgumentException("build numbers start at 1: " + build + " from " + fromBuild);
        }
        Objects.requireNonNull(at, "at");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(digest, "digest");
        platforms = List.copyOf(platforms);
        changes = List.copyOf(changes);
        fixed = List.copyOf(fixed);
        references = List.copyOf(references);
        evidence = List.copyOf(evidence);
    }

    public boolean first() {
        return fromBuild == 0;
    }

    /** A one-line title: "python3 build 4 released" or "python3 rolled back to build 2". */
    public String title() {
        return kind == Kind.RELEASED ? image + " build " + build + " released"
                : image + " rolled back to build " + build + (fromBuild > 0 ? " (from build " + fromBuild + ")" : "");
    }
}
