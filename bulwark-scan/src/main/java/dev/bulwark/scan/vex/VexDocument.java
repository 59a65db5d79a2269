package dev.bulwark.scan.vex;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** An OpenVEX 0.2 document: identity, author, time, version and statements. */
public record VexDocument(String id, String author, Instant timestamp, int version, List<VexStatement> statements) {
    public VexDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(timestamp, "timestamp");
        statements = List.copyOf(statements);
    }
}
