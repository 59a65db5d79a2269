package dev.bulwark.attest.signers;

import dev.bulwark.attest.keys.SigningKey;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;

/** A {@link Signer} backed by a private key in memory. */
public final class KeySigner implements Signer {
    private final SigningKey key;
    private final SecureRandom random;

    public KeySigner(SigningKey key, SecureRandom random) {
        this.key = Objects.requireNonNull(key, "key");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key.privateKey(), random);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot sign with a P-256 key", e);
        }
    }

    @Override
    public ECPublicKey publicKey() {
        return key.publicKey();
    }
}
