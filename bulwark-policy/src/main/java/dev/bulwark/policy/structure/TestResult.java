package dev.bulwark.policy.structure;

import java.util.List;
import java.util.Objects;

/** One test's outcome, as container-structure-test reports it: name, pass, captured output, errors, duration. */
public record TestResult(String name, boolean pass, String stdout, String stderr, List<String> errors,
        long durationNanos, String file) {
    public TestResult {
        Objects.requireNonNull(name, "name");
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        errors = List.copyOf(errors);
        file = file == null ? "" : file;
    }
}
