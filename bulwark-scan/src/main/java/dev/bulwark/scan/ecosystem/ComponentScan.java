package dev.bulwark.scan.ecosystem;

import dev.bulwark.image.components.Component;
import dev.bulwark.image.components.Ecosystem;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome for an image's language components: the findings; the components {@code unchecked} because no advisory
 * data of their ecosystem was loaded (or their version follows no rule of it, with the reason); and those
 * {@code debianOwned}, left to the Debian package's advisories.
 */
public record ComponentScan(List<ComponentFinding> findings, List<Unchecked> unchecked, List<Component> debianOwned) {

    /** A component that was not matched, and why. */
    public record Unchecked(Component component, String reason) {
    }

    public static final ComponentScan NONE = new ComponentScan(List.of(), List.of(), List.of());

    public ComponentScan {
        findings = List.copyOf(findings);
        unchecked = List.copyOf(unchecked);
        debianOwned = List.copyOf(debianOwned);
    }

    /** How many components were not checked, per ecosystem. */
    public Map<Ecosystem, Long> uncheckedCounts() {
        Map<Ecosystem, Long> out = new TreeMap<>();
        unchecked.forEach(u -> out.merge(u.component().ecosystem(), 1L, Long::sum));
        return out;
    }
}
