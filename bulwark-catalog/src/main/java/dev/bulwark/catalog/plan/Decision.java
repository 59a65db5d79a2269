package dev.bulwark.catalog.plan;

import dev.bulwark.debian.version.DebianVersion;
import java.util.List;
import java.util.Objects;

/**
 * What the planner decided for one image and why: {@code reason} is the sentence recorded with the decision;
 * {@code fixes} are the updates that fix CVEs (they start SLA clocks), {@code cascadeFrom} the base whose rebuild
 * carries this one. The order of decisions is the order of rebuilds: bases before their customizations.
 */
public record Decision(String image, Action action, Why why, String reason, List<Update> fixes, String cascadeFrom) {

    public enum Action { REBUILD, NO_REBUILD }

    /** Which rule decided, in DESIGN's order. */
    public enum Why { INTERRUPTED, BASE_REBUILT, SECURITY_FIX, ALWAYS_UPDATE, UNCHANGED_INPUTS, NOTHING_TO_FIX, NOT_BUILT, BASE_CYCLE, INPUT_ERROR, IN_PROGRESS,
        /** A worker's rebuild of a queued request (the API's, or one watch --enqueue queued): not planned again. */
        REQUESTED }

    /** A package of the image with a newer candidate, and the CVEs that candidate fixes for this image. */
    public record Update(String arch, String name, DebianVersion installed, DebianVersion candidate, String suite,
            String source, java.time.Instant seenAt, List<Candidate.Fix> fixes) {
        public Update {
            Objects.requireNonNull(name, "name");
            fixes = List.copyOf(fixes);
        }

        /** {@code libfoo1 1.0-1 → 1.0-2 (trixie-security)} */
        public String describe() {
            return name + " " + installed + " → " + candidate + " (" + suite + ")";
        }
    }

    public Decision {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(reason, "reason");
        fixes = List.copyOf(fixes);
    }

    public boolean rebuild() {
        return action == Action.REBUILD;
    }
}
