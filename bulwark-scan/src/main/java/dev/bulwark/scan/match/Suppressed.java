package dev.bulwark.scan.match;

import java.util.Objects;

/**
 * A finding a VEX statement suppresses: the statement's status ({@code not_affected}, {@code fixed}), its
 * justification or impact statement, and the document it came from.
 */
public record Suppressed(Finding finding, String vexStatus, String justification, String statement, String document) {
    public Suppressed {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(vexStatus, "vexStatus");
        justification = justification == null ? "" : justification;
        statement = statement == null ? "" : statement;
        document = document == null ? "" : document;
    }
}
