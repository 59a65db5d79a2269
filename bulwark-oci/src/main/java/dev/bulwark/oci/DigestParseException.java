package dev.bulwark.oci;

/** A digest string is not {@code sha256:} followed by 64 lower-case hex digits. */
public final class DigestParseException extends OciException {

    public DigestParseException(String input) {
        super(Kind.BAD_INPUT, "cannot parse digest '" + input + "': expected sha256:<64 lower-case hex digits>");
    }
}
