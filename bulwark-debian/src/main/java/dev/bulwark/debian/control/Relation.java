package dev.bulwark.debian.control;

import dev.bulwark.debian.version.DebianVersion;
import java.util.Objects;

/**
 * One package relation such as {@code libc6 (>= 2.36)} or {@code python3:any}. {@code archQualifier} is null,
 * {@code "any"}, {@code "native"} or an architecture name; {@code op} and {@code version} are both null (any
 * version) or both set.
 */
public record Relation(String name, String archQualifier, RelationOp op, DebianVersion version) {

    public Relation {
        Objects.requireNonNull(name, "name");
        String problem = Relations.nameProblem(name);
        if (problem == null && archQualifier != null) {
            problem = Relations.archProblem(archQualifier);
        }
        if (problem == null && (op == null) != (version == null)) {
            problem = "operator and version must be given together";
        }
        if (problem != null) {
            throw new IllegalArgumentException("cannot create relation " + name + ": " + problem);
        }
    }

    /** A relation on any version of {@code name}. */
    public Relation(String name) {
        this(name, null, null, null);
    }

    /** Whether {@code candidate} meets this relation's version constraint (always, when there is none). */
    public boolean satisfiedBy(DebianVersion candidate) {
        return op == null || op.test(candidate.compareTo(version));
    }

    /** The relation as a control file writes it, e.g. {@code libc6 (>= 2.36)}. */
    @Override
    public String toString() {
        String text = archQualifier == null ? name : name + ":" + archQualifier;
        return op == null ? text : text + " (" + op.symbol() + " " + version + ")";
    }
}
