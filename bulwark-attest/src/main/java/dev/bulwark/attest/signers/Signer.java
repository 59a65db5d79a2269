package dev.bulwark.attest.signers;

import java.security.interfaces.ECPublicKey;

/** Signs bytes the way cosign does with a key: ECDSA P-256 over SHA-256, ASN.1 DER signature. */
public interface Signer {

    byte[] sign(byte[] data);

    ECPublicKey publicKey();
}
