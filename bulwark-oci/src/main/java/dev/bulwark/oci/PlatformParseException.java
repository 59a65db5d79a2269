package dev.bulwark.oci;

/** A platform string or Debian architecture name cannot be understood. */
public final class PlatformParseException extends OciException {

    public PlatformParseException(String input, String reason) {
        super(Kind.BAD_INPUT, "cannot parse platform '" + input + "': " + reason);
    }
}
