package dev.bulwark.debian.version;

import dev.bulwark.debian.DebianException;

/** A Debian version string that Debian policy 5.6.12 does not allow; the message names the input. */
public class VersionParseException extends DebianException {

    private final String input;

    public VersionParseException(String input, String why) {
        super(Kind.BAD_INPUT, "cannot parse version \"" + input + "\": " + why);
        this.input = input;
    }

    /** The text that failed to parse, verbatim. */
    public String input() {
        return input;
    }
}
