package dev.bulwark.catalog.bump;

import dev.bulwark.catalog.model.Publication;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.ref.ReferenceParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tracks of every image a source knows, by repository: built from each image's publications (only registry
 * references; layouts and archives are no place a consumer pulls from). A repository two images are published to
 * belongs to neither: a bump cannot tell which one a reference follows.
 */
final class Tracks {
    private final Map<String, Track> byRepository = new HashMap<>();
    private final Map<String, TreeSet<String>> shared = new HashMap<>();

    /**
     * Adds the image's tracks. {@code platforms}: build number → platform → manifest digest; {@code reasons}: build
     * number → why it was built. The newest release in a
     * repository is {@code newestBuild} when it was published there, else the build its moving tags name now
     * (the latest to move), else its highest build number.
     */
    void add(String image, List<Publication> publications, Map<Integer, Map<String, String>> platforms,
            Map<Integer, String> reasons, Integer newestBuild) {
        Map<String, List<Publication>> groups = new LinkedHashMap<>();
        for (Publication p : publications) {
            repository(p.reference()).ifPresent(r -> groups.computeIfAbsent(r, k -> new ArrayList<>()).add(p));
        }
        for (Map.Entry<String, List<Publication>> g : groups.entrySet()) {
            Map<Integer, TrackedBuild> builds = new TreeMap<>();
            for (Publication p : g.getValue()) {
                if (p.build() >= 1) {
                    builds.putIfAbsent(p.build(), new TrackedBuild(p.build(), p.digest(),
                            platforms.getOrDefault(p.build(), Map.of()), reasons.get(p.build())));
                }
            }
            if (builds.isEmpty()) {
                continue;
            }
            int newest = newestBuild != null && builds.containsKey(newestBuild) ? newestBuild : current(g.getValue())
                    .orElse(((TreeMap<Integer, TrackedBuild>) builds).lastKey());
            put(new Track(image, g.getKey(), List.copyOf(builds.values()), builds.get(newest)));
        }
    }

    private void put(Track t) {
        if (shared.containsKey(t.repository())) {
            shared.get(t.repository()).add(t.image());
            return;
        }
        Track before = byRepository.putIfAbsent(t.repository(), t);
        if (before != null && !before.image().equals(t.image())) {
            byRepository.remove(t.repository());
            shared.put(t.repository(), new TreeSet<>(List.of(before.image(), t.image())));
        }
    }

    Optional<Track> get(String repository, String source) throws BumpException {
        if (shared.containsKey(repository)) {
            throw new BumpException(Kind.BAD_INPUT, "cannot follow " + repository + " in " + source + ": images "
                    + String.join(" and ", shared.get(repository)) + " are both published there; publish each image "
                    + "to its own repository");
        }
        return Optional.ofNullable(byRepository.get(repository));
    }

    /** The build the latest moving tag to be written names, while no newer build has replaced it. */
    private static Optional<Integer> current(List<Publication> ps) {
        return ps.stream().filter(p -> p.kind() == Publication.Kind.MOVING && p.replacedAt() == null && p.build() >= 1)
                .max(Comparator.comparing(Publication::publishedAt).thenComparingInt(Publication::build))
                .map(Publication::build);
    }

    /** {@code docker://HOST/REPO:TAG} (or {@code HOST/REPO:TAG}) → {@code HOST/REPO}; empty for any other kind. */
    static Optional<String> repository(String reference) {
        try {
            if (ImageReference.parse(reference) instanceof ImageReference.Registry r) {
                return PinnedReference.repository(r.host() + "/" + r.repository());
            }
        } catch (ReferenceParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
