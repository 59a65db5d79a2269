package dev.bulwark.scan.ecosystem;

import dev.bulwark.image.components.Component;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Matches language components against OSV ranges with their ecosystem's version order. Per range, events sorted by
 * version: at or above {@code introduced} is affected, at or above {@code fixed} or above {@code last_affected} is
 * not; a version the record lists explicitly is affected. The fix reported is the lowest {@code fixed} above the
 * installed version.
 */
public final class ComponentMatcher {

    private ComponentMatcher() {
    }

    public static ComponentScan match(List<Component> components, ComponentAdvisories advisories) {
        List<ComponentFinding> findings = new ArrayList<>();
        List<ComponentScan.Unchecked> unchecked = new ArrayList<>();
        List<Component> owned = new ArrayList<>();
        for (Component c : components) {
            if (c.debianPackage() != null) {
                owned.add(c); // Debian backports fixes without changing the upstream version: its advisories decide
                continue;
            }
            if (!advisories.covers(c.ecosystem())) {
                unchecked.add(new ComponentScan.Unchecked(c, "no " + c.ecosystem().osvName() + " advisory data"));
                continue;
            }
            try {
                for (ComponentAdvisory a : advisories.find(c.ecosystem(), c.osvName())) {
                    ComponentFinding f = match(c, a);
                    if (f != null) {
                        findings.add(f);
                    }
                }
            } catch (EcosystemVersionException e) {
                unchecked.add(new ComponentScan.Unchecked(c, e.getMessage()));
            }
        }
        findings.sort(Comparator.comparing((ComponentFinding f) -> f.component().location())
                .thenComparing(f -> f.component().purl()).thenComparing(ComponentFinding::id));
        return new ComponentScan(findings.stream().distinct().toList(), unchecked, owned);
    }

    /** The finding for one component and advisory, or null when its version is not affected. */
    public static ComponentFinding match(Component c, ComponentAdvisory a) throws EcosystemVersionException {
        boolean affected = a.versions().contains(c.version());
        String fixed = null;
        for (List<ComponentAdvisory.Event> range : a.ranges()) {
            List<ComponentAdvisory.Event> events = new ArrayList<>(range);
            List<EcosystemVersionException> bad = new ArrayList<>();
            events.sort((x, y) -> {
                try {
                    return compare(c, x.version(), y.version());
                } catch (EcosystemVersionException e) {
                    bad.add(e);
                    return 0;
                }
            });
            if (!bad.isEmpty()) {
                throw bad.get(0);
            }
            boolean in = false;
            for (ComponentAdvisory.Event e : events) {
                int cmp = compare(c, c.version(), e.version());
                if (cmp < 0 || (cmp == 0 && e.kind().equals("last_affected"))) {
                    if (in && cmp < 0 && e.kind().equals("fixed") && (fixed == null || compare(c, e.version(), fixed) < 0)) {
                        fixed = e.version();
                    }
                    break; // every later event is above the installed version
                }
                in = e.kind().equals("introduced");
            }
            affected |= in;
        }
        return affected ? new ComponentFinding(c, a.id(), a.severity(), fixed, a) : null;
    }

    /** Ecosystem order, with OSV's {@code "0"} ("since the first version") below everything. */
    private static int compare(Component c, String a, String b) throws EcosystemVersionException {
        if (a.equals("0") || b.equals("0")) {
            return a.equals(b) ? 0 : a.equals("0") ? -1 : 1;
        }
        return EcosystemVersions.compare(c.ecosystem(), a, b);
    }
}
