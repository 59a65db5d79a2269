package dev.bulwark.attest.keys;

import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;

/** An ECDSA P-256 key pair: the private half signs, the public half goes to whoever verifies. */
public record SigningKey(ECPrivateKey privateKey, ECPublicKey publicKey) {

    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        Keys.requireP256(publicKey.getParams());
        Keys.requireP256(privateKey.getParams());
    }

    @Override
    public String toString() {
        return "SigningKey[P-256, public " + Keys.fingerprint(publicKey) + "]";
    }
}
