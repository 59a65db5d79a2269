package dev.bulwark.catalog.plan;

import java.util.List;
import java.util.Objects;

/**
 * One catalogued image as the planner sees it: the catalogued image it builds on ({@code base}, null for a base
 * image), the {@code distribution} whose candidates apply, its update policy, its last build ({@code build}, 0 when
 * it has none yet) and that build's packages — a customization's own packages as well as its base's. A base image
 * whose newest build is newer than the one this image was last built on ({@code baseBuiltSince}) cascades.
 * {@code settled} holds the reason of the last decision when nothing it depends on has changed since (archive,
 * advisories, spec, build); {@code interrupted} names a rebuild that was decided and never finished.
 */
public record PlanImage(String name, String base, String distribution, Policy policy, int build,
        List<Installed> packages, Integer baseBuiltSince, String settled, String interrupted) {

    /** {@code security}: rebuild for CVE fixes only; {@code always-update}: for any newer package too. */
    public enum Policy {
        SECURITY("security"), ALWAYS_UPDATE("always-update");

        private final String word;

        Policy(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        /** The policy named {@code word}; an unknown word reads as the default, {@code security}. */
        public static Policy of(String word) {
            return "always-update".equals(word) ? ALWAYS_UPDATE : SECURITY;
        }
    }

    public PlanImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(policy, "policy");
        packages = List.copyOf(packages);
        if (base != null && base.equals(name)) {
            throw new IllegalArgumentException("image " + name + " cannot be its own base");
        }
    }
}
