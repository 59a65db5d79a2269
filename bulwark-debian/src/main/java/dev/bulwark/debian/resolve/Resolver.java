package dev.bulwark.debian.resolve;

import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.control.Alternatives;
import dev.bulwark.debian.control.Relation;
import dev.bulwark.debian.control.RelationParseException;
import dev.bulwark.debian.control.Relations;
import dev.bulwark.debian.resolve.Resolution.Reason;
import dev.bulwark.debian.resolve.Resolution.Selected;
import dev.bulwark.debian.resolve.Resolution.Skipped;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes the install closure of a request over one architecture's {@link PackageUniverse}.
 *
 * <p>Pre-Depends and Depends are followed breadth-first (so chains are shortest); alternatives are tried in the order
 * written; a virtual name is satisfied by a package already chosen, else by its providers in name order. The highest
 * version wins unless pinned. When a later dependency needs a version of an already chosen package that the choice
 * does not satisfy, the constraint is remembered and resolution starts over, so versioned constraints hold across the
 * whole set. Conflicts and Breaks between chosen packages are errors. Recommends and Suggests are never followed.
 */
public final class Resolver {

    private static final int MAX_RESTARTS = 64;
    private static final String[] DEPENDENCY_FIELDS = {"Pre-Depends", "Depends"};

    private final PackageUniverse universe;

    public Resolver(PackageUniverse universe) {
        this.universe = universe;
    }

    public Resolution resolve(ResolveRequest request) throws ResolveException {
        Map<String, List<Constraint>> constraints = new HashMap<>();
        for (int attempt = 0; attempt < MAX_RESTARTS; attempt++) {
            Pass pass = new Pass(request, constraints);
            Optional<Constraint> learned = pass.run();
            if (learned.isEmpty()) {
                return pass.result;
            }
            constraints.computeIfAbsent(learned.get().relation().name(), k -> new ArrayList<>()).add(learned.get());
        }
        throw new ResolveException(null, List.of(), "cannot resolve " + request.packages()
                + ": versioned constraints did not settle after " + MAX_RESTARTS + " rounds");
    }

    /** A versioned requirement that a previous pass learned, with who imposed it. */
    private record Constraint(Relation relation, String from) {
    }

    /** One resolution pass; returns a newly learned constraint when it has to start over. */
    private final class Pass {
        private final ResolveRequest request;
        private final Map<String, List<Constraint>> constraints;
        private final Map<String, Selected> selected = new LinkedHashMap<>();
        private final List<Skipped> skipped = new ArrayList<>();
        private final Deque<ArchivePackage> queue = new ArrayDeque<>();
        private final Map<String, String> excluded;
        private Resolution result;

        Pass(ResolveRequest request, Map<String, List<Constraint>> constraints) {
            this.request = request;
            this.constraints = constraints;
            Map<String, String> ex = new HashMap<>(request.excluded());
            request.packages().forEach(p -> ex.remove(p.name()));
            this.excluded = ex;
        }

        Optional<Constraint> run() throws ResolveException {
            for (ResolveRequest.Requested r : request.packages()) {
                ArchivePackage pkg = pickRequested(r);
                if (!selected.containsKey(pkg.name())) {
                    select(pkg, Reason.requested());
                }
            }
            while (!queue.isEmpty()) {
                ArchivePackage pkg = queue.removeFirst();
                Optional<Constraint> learned = followDependencies(pkg);
                if (learned.isPresent()) {
                    return learned;
                }
            }
            checkConflicts();
            List<Selected> sorted = new ArrayList<>(selected.values());
            sorted.sort(Comparator.comparing(s -> s.pkg().name()));
            result = new Resolution(universe.arch(), sorted, skipped, excluded);
            return Optional.empty();
        }

        private ArchivePackage pickRequested(ResolveRequest.Requested r) throws ResolveException {
            List<ArchivePackage> candidates = universe.candidates(r.name());
            if (candidates.isEmpty()) {
                if (!universe.providers(r.name()).isEmpty()) {
                    List<String> names = universe.providers(r.name()).stream().map(p -> p.pkg().name()).distinct().toList();
                    throw new ResolveException(r.name(), List.of(), "cannot resolve package '" + r.name() + "' for "
                            + universe.arch() + ": it is a virtual package; name one of its providers instead: "
                            + String.join(", ", names));
                }
                throw new ResolveException(r.name(), List.of(), "cannot resolve package '" + r.name() + "' for "
                        + universe.arch() + ": no such package in the suites searched" + NearNames.suggest(r.name(), universe.names()));
            }
            if (r.version() != null) {
                DebianVersion pin = parsePin(r);
                ArchivePackage pinned = candidates.stream().filter(c -> c.version().compareTo(pin) == 0).findFirst()
                        .orElseThrow(() -> new ResolveException(r.name(), List.of(), "cannot resolve '" + r + "' for "
                                + universe.arch() + ": version " + r.version() + " is not in the suites searched; available: "
                                + available(candidates)));
                for (Constraint c : constraints.getOrDefault(r.name(), List.of())) {
                    if (!c.relation().satisfiedBy(pinned.version())) {
                        throw new ResolveException(r.name(), List.of(), "cannot resolve for " + universe.arch()
                                + ": the spec pins " + r + " but " + c.from() + " depends on '" + c.relation()
                                + "'; change or drop the pin");
                    }
                }
                return pinned;
            }
            return pickSatisfying(r.name(), candidates, null).orElseThrow(() -> unsatisfiable(r.name(), null, List.of()));
        }

        private DebianVersion parsePin(ResolveRequest.Requested r) throws ResolveException {
            try {
                return DebianVersion.parse(r.version());
            } catch (VersionParseException e) {
                throw new ResolveException(r.name(), List.of(), "cannot resolve '" + r + "': " + e.getMessage());
            }
        }

        /** The best candidate that satisfies {@code relation} (may be null) and every learned constraint. */
        private Optional<ArchivePackage> pickSatisfying(String name, List<ArchivePackage> candidates, Relation relation) {
            List<Constraint> learned = constraints.getOrDefault(name, List.of());
            return candidates.stream()
                    .filter(c -> relation == null || relation.satisfiedBy(c.version()))
                    .filter(c -> learned.stream().allMatch(k -> k.relation().satisfiedBy(c.version())))
                    .findFirst();
        }

        private void select(ArchivePackage pkg, Reason reason) {
            selected.put(pkg.name(), new Selected(pkg, reason));
            queue.addLast(pkg);
        }

        private Optional<Constraint> followDependencies(ArchivePackage pkg) throws ResolveException {
            for (String field : DEPENDENCY_FIELDS) {
                String value = field.equals("Depends") ? pkg.depends() : pkg.preDepends();
                for (Alternatives group : parse(pkg, field, value)) {
                    Optional<Constraint> learned = satisfy(pkg, field, group);
                    if (learned.isPresent()) {
                        return learned;
                    }
                }
            }
            return Optional.empty();
        }

        private Optional<Constraint> satisfy(ArchivePackage parent, String field, Alternatives group) throws ResolveException {
            if (group.options().stream().anyMatch(this::satisfiedBySelection)) {
                return Optional.empty();
            }
            List<String> excludedOptions = new ArrayList<>();
            for (Relation option : group.options()) {
                if (excluded.containsKey(option.name())) {
                    excludedOptions.add(option.name());
                    continue;
                }
                Selected current = selected.get(option.name());
                if (current != null) {
                    // Chosen already, but at a version this relation rejects: learn the constraint and start over.
                    if (pickSatisfying(option.name(), universe.candidates(option.name()), option).isPresent()) {
                        return Optional.of(new Constraint(option, parent.id()));
                    }
                    continue;
                }
                Optional<ArchivePackage> real = pickSatisfying(option.name(), universe.candidates(option.name()), option);
                if (real.isPresent()) {
                    select(real.get(), new Reason(parent.name(), field, group.toString(), null));
                    return Optional.empty();
                }
                Optional<ArchivePackage> provider = pickProvider(option);
                if (provider.isPresent()) {
                    int count = (int) universe.providers(option.name()).stream().map(p -> p.pkg().name()).distinct().count();
                    String note = count > 1 ? "provides " + option.name() + "; first by name of " + count
                            + " providers — pin one in the spec to choose another" : "provides " + option.name();
                    select(provider.get(), new Reason(parent.name(), field, group.toString(), note));
                    return Optional.empty();
                }
            }
            if (excludedOptions.size() == group.options().size() || !excludedOptions.isEmpty() && noneAvailable(group)) {
                String why = excludedOptions.stream().map(n -> n + ": " + excluded.get(n)).reduce((a, b) -> a + "; " + b).orElse("");
                skipped.add(new Skipped(parent.name(), field, group.toString(), why));
                return Optional.empty();
            }
            throw unsatisfiable(parent.name(), group, chainNames(parent.name()));
        }

        private boolean noneAvailable(Alternatives group) {
            return group.options().stream().filter(o -> !excluded.containsKey(o.name()))
                    .noneMatch(o -> universe.knows(o.name()));
        }

        private Optional<ArchivePackage> pickProvider(Relation option) {
            for (PackageUniverse.Provider p : universe.providers(option.name())) {
                if (excluded.containsKey(p.pkg().name()) || selected.containsKey(p.pkg().name())) {
                    continue;
                }
                boolean versionOk = option.op() == null
                        || p.provided().version() != null && option.satisfiedBy(p.provided().version());
                if (versionOk && constraints.getOrDefault(p.pkg().name(), List.of()).stream()
                        .allMatch(k -> k.relation().satisfiedBy(p.pkg().version()))) {
                    return Optional.of(p.pkg());
                }
            }
            return Optional.empty();
        }

        private boolean satisfiedBySelection(Relation r) {
            Selected s = selected.get(r.name());
            if (s != null && r.satisfiedBy(s.pkg().version())) {
                return true;
            }
            for (PackageUniverse.Provider p : universe.providers(r.name())) {
                Selected chosen = selected.get(p.pkg().name());
                if (chosen != null && chosen.pkg().equals(p.pkg()) && (r.op() == null
                        || p.provided().version() != null && r.satisfiedBy(p.provided().version()))) {
                    return true;
                }
            }
            return false;
        }

        private void checkConflicts() throws ResolveException {
            for (Selected s : selected.values()) {
                ArchivePackage pkg = s.pkg();
                for (String field : new String[] {"Conflicts", "Breaks"}) {
                    String value = field.equals("Conflicts") ? pkg.conflicts() : pkg.breaks();
                    for (Alternatives group : parse(pkg, field, value)) {
                        for (Relation r : group.options()) {
                            Optional<String> other = conflicting(pkg, r);
                            if (other.isPresent()) {
                                throw new ResolveException(pkg.name(), chainNames(pkg.name()), "cannot resolve: "
                                        + pkg.id() + " (" + String.join(" ← ", reversed(chainNames(pkg.name()))) + ") has "
                                        + field + ": " + r + ", which " + other.get() + " matches ("
                                        + String.join(" ← ", reversed(chainNames(other.get().split("=")[0]))) + ")."
                                        + " Exclude one of them or pin versions that do not conflict");
                            }
                        }
                    }
                }
            }
        }

        private Optional<String> conflicting(ArchivePackage self, Relation r) {
            Selected other = selected.get(r.name());
            if (other != null && !other.pkg().name().equals(self.name()) && r.satisfiedBy(other.pkg().version())) {
                return Optional.of(other.pkg().id());
            }
            for (PackageUniverse.Provider p : universe.providers(r.name())) {
                Selected chosen = selected.get(p.pkg().name());
                if (chosen != null && chosen.pkg().equals(p.pkg()) && !p.pkg().name().equals(self.name())
                        && (r.op() == null || p.provided().version() != null && r.satisfiedBy(p.provided().version()))) {
                    return Optional.of(p.pkg().id());
                }
            }
            return Optional.empty();
        }

        private List<Alternatives> parse(ArchivePackage pkg, String field, String value) throws ResolveException {
            if (value == null || value.isBlank()) {
                return List.of();
            }
            try {
                return Relations.parse(value);
            } catch (RelationParseException e) {
                throw new ResolveException(pkg.name(), List.of(), "cannot resolve: " + pkg.id() + " has a malformed "
                        + field + " field: " + e.getMessage());
            }
        }

        private ResolveException unsatisfiable(String parent, Alternatives group, List<String> chain) {
            StringBuilder m = new StringBuilder("cannot resolve for ").append(universe.arch()).append(": ");
            if (group == null) {
                m.append("no version of ").append(parent).append(" satisfies the constraints ")
                        .append(constraints.getOrDefault(parent, List.of()).stream()
                                .map(c -> c.relation() + " from " + c.from()).toList());
                return new ResolveException(parent, chain, m.toString());
            }
            m.append(selected.get(parent).pkg().id()).append(" depends on '").append(group).append("'");
            if (!chain.isEmpty()) {
                m.append(" (brought in by ").append(String.join(" ← ", reversed(chain))).append(")");
            }
            m.append(", which nothing satisfies:");
            for (Relation option : group.options()) {
                m.append(" ").append(option.name()).append(" — ").append(describe(option)).append(";");
            }
            m.setLength(m.length() - 1);
            m.append(". Pin a version, add a suite, or exclude the dependency's parent");
            return new ResolveException(parent, chain, m.toString());
        }

        private String describe(Relation option) {
            Selected s = selected.get(option.name());
            if (s != null) {
                return s.pkg().version() + " is chosen already (" + s.reason() + ")";
            }
            List<ArchivePackage> c = universe.candidates(option.name());
            if (!c.isEmpty()) {
                return "available: " + available(c);
            }
            if (!universe.providers(option.name()).isEmpty()) {
                return "virtual, providers: " + universe.providers(option.name()).stream()
                        .map(p -> p.pkg().id() + " provides " + p.provided()).toList();
            }
            return "not in the suites searched";
        }

        private List<String> chainNames(String name) {
            List<String> chain = new ArrayList<>();
            for (Selected at = selected.get(name); at != null && chain.size() <= selected.size();
                    at = at.reason().isRequested() ? null : selected.get(at.reason().parent())) {
                chain.add(at.pkg().name());
            }
            java.util.Collections.reverse(chain);
            return chain;
        }
    }

    private static List<String> reversed(List<String> chain) {
        List<String> r = new ArrayList<>(chain);
        java.util.Collections.reverse(r);
        return r;
    }

    private static String available(List<ArchivePackage> candidates) {
        return String.join(", ", candidates.stream().map(c -> c.version() + " (" + c.suite() + ")").distinct().toList());
    }
}
