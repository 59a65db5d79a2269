package dev.bulwark.image.components;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The language components an image's files hold, sorted by location and purl, and notes on files that looked like
 * components but could not be read (a corrupt or oversized archive, nesting too deep): those are left out, and the
 * note says why.
 */
public record ImageComponents(List<Component> components, List<Note> notes) {

    /** Something about {@code path} a reader of the SBOM or scan should know. */
    public record Note(String path, String message) {
        public Note {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }
    }

    public static final ImageComponents NONE = new ImageComponents(List.of(), List.of());

    public ImageComponents {
        components = components.stream().distinct()
                .sorted(Comparator.comparing(Component::location).thenComparing(Component::purl)).toList();
        notes = notes.stream().sorted(Comparator.comparing(Note::path).thenComparing(Note::message)).toList();
    }

    public boolean isEmpty() {
        return components.isEmpty() && notes.isEmpty();
    }
}
