package dev.bulwark.attest.dsse;

/** Bytes that are not a DSSE envelope. */
public class EnvelopeParseException extends Exception {

    public EnvelopeParseException(String message) {
        super("cannot parse DSSE envelope: " + message);
    }

    public EnvelopeParseException(String message, Throwable cause) {
        super("cannot parse DSSE envelope: " + message, cause);
    }
}
