package dev.bulwark.catalog.bump;

import java.util.Optional;

/**
 * A check a reference's new digest must pass before a bump moves the reference there, so that a release source
 * (a feed, a server) is not taken at its word: {@code bulwark bump --key} verifies the digest's cosign signature.
 */
@FunctionalInterface
public interface ReleaseCheck {
    /** Why the reference to {@code repository} must not move to {@code digest}; empty when it may. */
    Optional<String> refusal(String repository, String digest) throws BumpException;
}
