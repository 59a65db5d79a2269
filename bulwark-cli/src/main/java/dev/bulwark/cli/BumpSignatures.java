package dev.bulwark.cli;

import dev.bulwark.attest.signers.CosignSignatures;
import dev.bulwark.catalog.bump.BumpException;
import dev.bulwark.catalog.bump.ReleaseCheck;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.transport.RegistryOptions;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;

/**
 * {@code bump --key}: a reference moves to a new digest only when a cosign signature by the key, stored in the
 * reference's registry, names that digest — the signature check {@code bulwark verify} makes. A digest the registry
 * does not hold, or holds unsigned or signed by another key, is refused; a registry that cannot be reached is an
 * environment error.
 */
record BumpSignatures(PublicKey key, Path keyFile, RegistryOptions registry) implements ReleaseCheck {

    @Override
    public Optional<String> refusal(String repository, String digest) throws BumpException {
        try {
            SigningTarget t = SigningTarget.open(repository + "@" + digest, registry);
            CosignSignatures.verify(t.store(), t.root().digest(), key);
            return Optional.empty();
        } catch (BulwarkException e) {
            if (e.kind() == Kind.ENVIRONMENT) {
                throw new BumpException(Kind.ENVIRONMENT, "cannot verify the signature of " + repository + "@" + digest
                        + ": " + e.getMessage() + "; retry when the registry answers", e);
            }
            return Optional.of("no signature by " + keyFile + " verifies it in its registry (" + e.getMessage()
                    + "); sign the release with the key, or check the release source");
        } catch (IllegalArgumentException e) {
            return Optional.of("cannot read it as a registry reference (" + e.getMessage() + ")");
        }
    }
}
