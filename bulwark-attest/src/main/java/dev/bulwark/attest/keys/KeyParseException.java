package dev.bulwark.attest.keys;

/** A key file that is not in a format Bulwark reads; the message names what is wrong. */
public class KeyParseException extends Exception {

    public KeyParseException(String message) {
        super(message);
    }

    public KeyParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
