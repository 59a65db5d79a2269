package dev.bulwark.oci.ref;

import dev.bulwark.oci.OciException;

/** An image reference string cannot be understood; the message names the input and what was expected. */
public final class ReferenceParseException extends OciException {
    private final String input;

    public ReferenceParseException(String input, String reason) {
        super(Kind.BAD_INPUT, "cannot parse image reference '" + input + "': " + reason);
        this.input = input;
    }

    public String input() {
        return input;
    }
}
