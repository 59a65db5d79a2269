package dev.bulwark.scan.ecosystem;

/** A version string that does not follow its ecosystem's rules, so nothing can be said about its order. */
public final class EcosystemVersionException extends Exception {
    public EcosystemVersionException(String message) {
        super(message);
    }
}
