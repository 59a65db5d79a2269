package dev.bulwark.cli;

import dev.bulwark.attest.AttestException;
import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.keys.PasswordSource;
import dev.bulwark.attest.signers.KeySigner;
import dev.bulwark.attest.signers.Signer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import picocli.CommandLine.Option;

/**
 * The key options as picocli mixins, spelled the same on every verb: {@code --key KEY} for the private key of
 * {@code sign} and {@code attest}, {@code --key PUBKEY} for the public key of the verify verbs, {@code --sign-key KEY}
 * for verbs that sign what they attach. The password always comes from COSIGN_PASSWORD or a prompt.
 */
final class KeyOptions {

    private KeyOptions() {
    }

    /** {@code --key KEY}, required: the private key a verb signs with. */
    static final class Signing {
        @Option(names = "--key", required = true, paramLabel = "KEY", description = "Private key (cosign or PKCS#8 PEM).")
        Path key;

        Signer signer() throws AttestException {
            return KeyOptions.signer(key);
        }
    }

    /** {@code --key PUBKEY}, required: the public key a verb checks signatures with. */
    static final class Verifying {
        @Option(names = "--key", required = true, paramLabel = "PUBKEY", description = "Public key (PEM).")
        Path key;

        ECPublicKey publicKey() throws AttestException {
            return KeyOptions.publicKey(key);
        }
    }

    /** {@code --key PUBKEY}, optional: a verb checks signatures with it when given (bump: each new digest). */
    static final class VerifyingIfGiven {
        @Option(names = "--key", paramLabel = "PUBKEY", description = "Public key (PEM) the signatures must verify with.")
        Path key;

        /** The public key, or null without {@code --key}. */
        ECPublicKey publicKey() throws AttestException {
            return key == null ? null : KeyOptions.publicKey(key);
        }
    }

    /** {@code --sign-key KEY}, optional: sign what the verb attaches (build: outputs and evidence; reproduce: a VSA). */
    static final class SignKey {
        @Option(names = "--sign-key", paramLabel = "KEY",
                description = "Sign with this private key (cosign or PKCS#8 PEM; password from COSIGN_PASSWORD or a "
                        + "prompt): build signs every oci:/registry output and attaches SPDX and CycloneDX SBOMs and SLSA "
                        + "provenance as attestations; reproduce attaches a signed Verification Summary to the image; adopt signs the adopted image and its evidence.")
        Path key;

        /** The signer, or null without {@code --sign-key}. */
        Signer signer() throws AttestException {
            return key == null ? null : KeyOptions.signer(key);
        }
    }

    static Signer signer(Path privateKey) throws AttestException {
        PasswordSource passwords = PasswordSource.cosignStyle(System.getenv(), System.console());
        return new KeySigner(Keys.loadPrivate(privateKey, passwords), new SecureRandom());
    }

    static ECPublicKey publicKey(Path file) throws AttestException {
        return Keys.loadPublic(file);
    }
}
