package dev.bulwark.scan.ecosystem;

import dev.bulwark.image.components.Ecosystem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The language-ecosystem advisories a scan loaded, by ecosystem and name, and which ecosystems the advisory data
 * covered at all: a component of an ecosystem no source spoke about was not checked, which is not the same as clean.
 */
public final class ComponentAdvisories {
    private final Map<Ecosystem, Map<String, List<ComponentAdvisory>>> byName = new HashMap<>();
    private final Set<Ecosystem> covered = EnumSet.noneOf(Ecosystem.class);

    /** Records that the data holds records of {@code ecosystem}, whether or not any is about this image. */
    public void cover(Ecosystem ecosystem) {
        covered.add(ecosystem);
    }

    public void add(ComponentAdvisory a) {
        covered.add(a.ecosystem());
        byName.computeIfAbsent(a.ecosystem(), k -> new HashMap<>()).computeIfAbsent(a.name(), k -> new ArrayList<>()).add(a);
    }

    public boolean covers(Ecosystem ecosystem) {
        return covered.contains(ecosystem);
    }

    /** The advisories about {@code name} (any spelling the ecosystem treats as the same name). */
    public List<ComponentAdvisory> find(Ecosystem ecosystem, String name) {
        return byName.getOrDefault(ecosystem, Map.of()).getOrDefault(ecosystem.normalize(name), List.of());
    }
}
