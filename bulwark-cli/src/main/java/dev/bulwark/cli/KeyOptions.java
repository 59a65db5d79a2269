package dev.bulwark.cli;

import dev.bulwark.attest.AttestException;
import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.keys.PasswordSource;
import dev.bulwark.attest.signers.KeySigner;
import dev.bulwark.attest.signers.Signer;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;

/** Turns key file options into signers and public keys; the password comes from COSIGN_PASSWORD or a prompt. */
final class KeyOptions {

    private KeyOptions() {
    }

    static Signer signer(Path privateKey) throws AttestException {
        PasswordSource passwords = PasswordSource.cosignStyle(System.getenv(), System.console());
        return new KeySigner(Keys.loadPrivate(privateKey, passwords), new SecureRandom());
    }

    static ECPublicKey publicKey(Path file) throws AttestException {
        return Keys.loadPublic(file);
    }
}
