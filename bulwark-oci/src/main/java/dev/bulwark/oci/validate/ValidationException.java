package dev.bulwark.oci.validate;

import dev.bulwark.oci.OciException;

import java.util.List;

/** An image breaks one or more format rules; {@link #problems()} lists each one. */
public final class ValidationException extends OciException {
    private final List<String> problems;

    public ValidationException(String subject, List<String> problems) {
        super(Kind.CHECK_FAILED, "cannot validate " + subject + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
