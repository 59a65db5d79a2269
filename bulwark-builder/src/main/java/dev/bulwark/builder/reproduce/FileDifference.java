package dev.bulwark.builder.reproduce;

import java.util.Objects;

/**
 * One way a path differs between a layer of the image and the same layer of the rebuild: {@code field} is
 * {@code presence}, {@code type}, {@code mode}, {@code owner}, {@code size}, {@code content} (SHA-256) or
 * {@code link}; {@code image} and {@code rebuilt} are the two values ({@code absent} when the path is missing).
 */
public record FileDifference(String path, String field, String image, String rebuilt) {
    public FileDifference {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(rebuilt, "rebuilt");
    }

    /** One line for people: the path escaped (it comes from the image), then what differs. */
    public String describe() {
        return escape(path) + ": " + field + " " + escape(image) + " (image) vs " + escape(rebuilt) + " (rebuild)";
    }

    /** Control characters and non-ASCII as {@code \\xNN} / {@code \\u{…}}, so a hostile name cannot drive a terminal. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c == '\\') {
                b.append("\\\\");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else if (c > 0x7e) {
                b.append(String.format("\\u{%x}", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
