package dev.bulwark.debian.control;

import java.util.List;
import java.util.stream.Collectors;

/** One comma-separated entry of a relation field: any one of {@code options} satisfies it. */
public record Alternatives(List<Relation> options) {

    public Alternatives {
        options = List.copyOf(options);
        if (options.isEmpty()) {
            throw new IllegalArgumentException("cannot create alternatives: no options");
        }
    }

    /** The entry as a control file writes it, e.g. {@code a | b (>= 1)}. */
    @Override
    public String toString() {
        return options.stream().map(Relation::toString).collect(Collectors.joining(" | "));
    }
}
