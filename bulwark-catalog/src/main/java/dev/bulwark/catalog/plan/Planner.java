package dev.bulwark.catalog.plan;

import dev.bulwark.catalog.plan.Decision.Action;
import dev.bulwark.catalog.plan.Decision.Update;
import dev.bulwark.catalog.plan.Decision.Why;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides, for every catalogued image and one state of the archive, whether to rebuild it, in DESIGN's order: an
 * interrupted rebuild is redone; a rebuilt base rebuilds its customizations (bases first, then customizations in
 * dependency order); a newer version of an installed package that fixes a CVE re-locks and rebuilds; policy
 * {@code always-update} rebuilds for any newer package; otherwise "no rebuild", naming the newest non-security
 * change skipped. Pure and in memory: no database, no network, so a thousand images plan in milliseconds.
 */
public final class Planner {
    /** The reason of a decision that is repeated because nothing changed starts with this. */
    public static final String UNCHANGED = "nothing changed since the last check: ";

    private Planner() {
    }

    /**
     * One decision per image, bases before the images built on them. {@code candidates}: per distribution, the
     * newest candidate of each package by {@link Candidate#key()}.
     */
    public static List<Decision> plan(List<PlanImage> images, Map<String, Map<String, Candidate>> candidates) {
        Map<String, PlanImage> byName = new LinkedHashMap<>();
        images.stream().sorted(Comparator.comparing(PlanImage::name)).forEach(i -> byName.put(i.name(), i));
        Map<String, Decision> decided = new HashMap<>();
        List<Decision> out = new ArrayList<>();
        for (String name : order(byName, out, decided)) {
            PlanImage image = byName.get(name);
            Decision d = decide(image, decided.get(image.base()), candidates.getOrDefault(image.distribution(), Map.of()));
            decided.put(name, d);
            out.add(d);
        }
        return out;
    }

    /** Names in dependency order; images in a base cycle are decided at once (no rebuild) and left out. */
    private static List<String> order(Map<String, PlanImage> byName, List<Decision> out, Map<String, Decision> decided) {
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String start : byName.keySet()) {
            List<String> chain = new ArrayList<>();
            String at = start;
            while (at != null && byName.containsKey(at) && !done.contains(at) && !chain.contains(at)) {
                chain.add(at);
                at = byName.get(at).base();
            }
            if (at != null && chain.contains(at)) {
                List<String> cycle = chain.subList(chain.indexOf(at), chain.size());
                for (String c : cycle) {
                    Decision d = new Decision(c, Action.NO_REBUILD, Why.BASE_CYCLE, "its base relation is a cycle ("
                            + String.join(" → ", cycle) + " → " + at + "); give one of them a distribution", List.of(), null);
                    decided.put(c, d);
                    out.add(d);
                    done.add(c);
                }
                chain = chain.subList(0, chain.indexOf(at));
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                if (done.add(chain.get(i))) {
                    order.add(chain.get(i));
                }
            }
        }
        return order;
    }

    private static Decision decide(PlanImage image, Decision base, Map<String, Candidate> candidates) {
        String name = image.name();
        if (image.build() == 0) {
            return new Decision(name, Action.NO_REBUILD, Why.NOT_BUILT, "it has no build yet; build it with "
                    + "'bulwark catalog add'", List.of(), null);
        }
        if (image.interrupted() != null) {
            return new Decision(name, Action.REBUILD, Why.INTERRUPTED, "redo the interrupted rebuild (" + image.interrupted()
                    + ")", securityUpdates(updates(image, candidates)), null);
        }
        if (base != null && base.rebuild()) {
            return new Decision(name, Action.REBUILD, Why.BASE_REBUILT, "its base " + base.image() + " is rebuilt in this "
                    + "cycle (" + base.reason() + ")", securityUpdates(updates(image, candidates)), base.image());
        }
        if (image.baseBuiltSince() != null) {
            return new Decision(name, Action.REBUILD, Why.BASE_REBUILT, "its base " + image.base() + " has build "
                    + image.baseBuiltSince() + ", newer than the one build " + image.build() + " was made on",
                    securityUpdates(updates(image, candidates)), image.base());
        }
        if (image.settled() != null) {
            String previous = image.settled().startsWith(UNCHANGED) ? image.settled().substring(UNCHANGED.length())
                    : image.settled();
            return new Decision(name, Action.NO_REBUILD, Why.UNCHANGED_INPUTS, UNCHANGED + previous, List.of(), null);
        }
        Found found = find(image, candidates);
        if (!found.fixing.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (Update u : distinct(found.fixing)) {
                parts.add(u.describe() + " fixes " + String.join(", ", u.fixes().stream().map(Candidate.Fix::cve).toList()));
            }
            return new Decision(name, Action.REBUILD, Why.SECURITY_FIX, String.join("; ", parts), found.fixing, null);
        }
        if (found.newest == null) {
            return new Decision(name, Action.NO_REBUILD, Why.NOTHING_TO_FIX, "every package of build " + image.build()
                    + " is the newest its suites offer", List.of(), null);
        }
        int count = found.names.size();
        String more = count > 1 ? " and " + (count - 1) + " more" : "";
        if (image.policy() == PlanImage.Policy.ALWAYS_UPDATE) {
            return new Decision(name, Action.REBUILD, Why.ALWAYS_UPDATE, "policy always-update and " + count
                    + " newer package(s): " + found.newest.describe() + more, List.of(), null);
        }
        return new Decision(name, Action.NO_REBUILD, Why.NOTHING_TO_FIX, "no newer version fixes a CVE; newest "
                + "non-security change skipped: " + found.newest.describe() + more, List.of(), null);
    }

    /** What one pass over an image's packages found: the updates that fix CVEs, and the newest other one. */
    private static final class Found {
        final List<Update> fixing = new ArrayList<>();
        final Set<String> names = new java.util.HashSet<>();
        Update newest;
    }

    private static Found find(PlanImage image, Map<String, Candidate> candidates) {
        Found found = new Found();
        for (Installed p : image.packages()) {
            Candidate c = candidates.get(p.key());
            if (c == null || c.version().compareTo(p.version()) <= 0) {
                continue;
            }
            List<Candidate.Fix> fixes = fixes(p, c);
            found.names.add(p.name());
            if (!fixes.isEmpty()) {
                found.fixing.add(update(p, c, fixes));
            } else if (found.newest == null || c.seenAt().isAfter(found.newest.seenAt())
                    || (c.seenAt().equals(found.newest.seenAt()) && p.name().compareTo(found.newest.name()) < 0)) {
                found.newest = update(p, c, fixes);
            }
        }
        return found;
    }

    /** Every installed package with a newer candidate, and the CVEs fixed above the installed source version. */
    static List<Update> updates(PlanImage image, Map<String, Candidate> candidates) {
        List<Update> out = new ArrayList<>();
        for (Installed p : image.packages()) {
            Candidate c = candidates.get(p.key());
            if (c != null && c.version().compareTo(p.version()) > 0) {
                out.add(update(p, c, fixes(p, c)));
            }
        }
        return out;
    }

    private static List<Candidate.Fix> fixes(Installed p, Candidate c) {
        if (c.fixes().isEmpty()) {
            return List.of();
        }
        List<Candidate.Fix> fixes = new ArrayList<>();
        for (Candidate.Fix f : c.fixes()) {
            if (p.sourceVersion().compareTo(f.fixedVersion()) < 0 && c.sourceVersion().compareTo(f.fixedVersion()) >= 0) {
                fixes.add(f);
            }
        }
        return fixes;
    }

    private static Update update(Installed p, Candidate c, List<Candidate.Fix> fixes) {
        return new Update(p.arch(), p.name(), p.version(), c.version(), c.suite(), p.source(), c.seenAt(), fixes);
    }

    private static List<Update> securityUpdates(List<Update> updates) {
        return updates.stream().filter(u -> !u.fixes().isEmpty()).toList();
    }

    /** One update per package and version pair, whichever architectures have it. */
    private static List<Update> distinct(List<Update> updates) {
        Map<String, Update> out = new TreeMap<>();
        updates.forEach(u -> out.putIfAbsent(u.name() + " " + u.installed() + " " + u.candidate(), u));
        return List.copyOf(out.values());
    }
}
