package dev.bulwark.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * The gates a spec names: its policy file (null: none) and its structure test files, resolved against the spec's
 * folder. They run after assembly and before anything is published.
 */
public record SpecGates(Path policy, List<Path> tests) {
    public static final SpecGates NONE = new SpecGates(null, List.of());

    public SpecGates {
        tests = List.copyOf(tests);
    }

    public boolean isEmpty() {
        return policy == null && tests.isEmpty();
    }
}
