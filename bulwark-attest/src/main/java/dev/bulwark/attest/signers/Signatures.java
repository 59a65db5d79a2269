package dev.bulwark.attest.signers;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/** Checks ECDSA P-256 / SHA-256 signatures in ASN.1 DER form, as cosign writes them. */
public final class Signatures {

    private Signatures() {
    }

    /** True when {@code signature} is a valid signature of {@code data} by {@code key}; malformed is false. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot verify a P-256 signature", e);
        }
    }
}
