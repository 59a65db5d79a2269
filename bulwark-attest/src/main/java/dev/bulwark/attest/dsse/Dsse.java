package dev.bulwark.attest.dsse;

import dev.bulwark.attest.signers.Signatures;
import dev.bulwark.attest.signers.Signer;

import java.security.PublicKey;
import java.util.List;

/** Signing and checking DSSE envelopes. */
public final class Dsse {

    private Dsse() {
    }

    /** An envelope with one signature over PAE(type, payload); the key id is left empty, as cosign does. */
    public static Envelope sign(Signer signer, String payloadType, byte[] payload) {
        byte[] sig = signer.sign(Envelope.pae(payloadType, payload));
        return new Envelope(payloadType, payload, List.of(new Envelope.Sig("", sig)));
    }

    /** True when at least one signature is by {@code key}. */
    public static boolean verify(Envelope envelope, PublicKey key) {
        byte[] pae = envelope.pae();
        for (Envelope.Sig s : envelope.signatures()) {
            if (Signatures.verify(key, pae, s.sig())) {
                return true;
            }
        }
        return false;
    }
}
