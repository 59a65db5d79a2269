package dev.bulwark.debian.control;

import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.util.Objects;

/**
 * The source package a binary package was built from, as its {@code Source} field says: {@code glibc}, or
 * {@code glibc (2.41-12)} when the source version differs from the binary's ({@code version} is then non-null).
 */
public record SourceRef(String name, DebianVersion version) {

    public SourceRef {
        Objects.requireNonNull(name, "name");
        String problem = Relations.nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException("cannot create source reference: " + problem);
        }
    }

    /** Parses a Source field value. */
    public static SourceRef parse(String sourceField) throws ControlParseException {
        return parse(sourceField, "Source field", 1);
    }

    /** As {@link #parse(String)}, with errors located at {@code sourceName:line}. */
    public static SourceRef parse(String sourceField, String sourceName, int line) throws ControlParseException {
        String text = sourceField.strip();
        int open = text.indexOf('(');
        String name = (open < 0 ? text : text.substring(0, open)).strip();
        String problem = Relations.nameProblem(name);
        if (problem != null) {
            throw new ControlParseException(sourceName, line, problem + " in \"" + text + "\"");
        }
        if (open < 0) {
            return new SourceRef(name, null);
        }
        if (!text.endsWith(")")) {
            throw new ControlParseException(sourceName, line, "missing ')' in \"" + text + "\"");
        }
        String version = text.substring(open + 1, text.length() - 1).strip();
        try {
            return new SourceRef(name, DebianVersion.parse(version));
        } catch (VersionParseException e) {
            throw new ControlParseException(sourceName, line, e.getMessage() + " in \"" + text + "\"", e);
        }
    }

    /** The source version: the one written, else the binary package's own version. */
    public DebianVersion versionOr(DebianVersion binaryVersion) {
        return version != null ? version : binaryVersion;
    }

    /** The field as a control file writes it. */
    @Override
    public String toString() {
        return version == null ? name : name + " (" + version + ")";
    }
}
