package dev.bulwark.debian.pgp;

import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;

import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.bcpg.sig.RevocationReason;
import org.bouncycastle.bcpg.sig.RevocationReasonTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;

/**
 * Whether a key from the keyring may vouch for a data signature: bound to its certificate, not revoked, not expired
 * when the signature was made nor now. Returns a reason when it may not.
 */
final class KeyValidity {
    private KeyValidity() {
    }

    static Optional<String> problem(Keyring.SigningKey candidate, Instant signedAt, Instant now) throws PGPException {
        PGPPublicKey primary = candidate.primary();
        PGPPublicKey key = candidate.key();
        String name = Keyring.fingerprint(primary);
        Optional<String> revoked = revocation(primary, primary, PGPSignature.KEY_REVOCATION, signedAt);
        if (revoked.isPresent()) {
            return Optional.of("key " + name + " is revoked (" + revoked.get() + ")");
        }
        Optional<String> expired = expiry(primary, primary.getValidSeconds(), signedAt, now);
        if (expired.isPresent()) {
            return Optional.of("key " + name + " " + expired.get());
        }
        if (key != primary) {
            String sub = "subkey " + Keyring.fingerprint(key) + " of key " + name;
            PGPSignature binding = binding(primary, key);
            if (binding == null) {
                return Optional.of(sub + " has no valid binding signature");
            }
            int flags = binding.getHashedSubPackets() == null ? 0 : binding.getHashedSubPackets().getKeyFlags();
            if (flags != 0 && (flags & KeyFlags.SIGN_DATA) == 0) {
                return Optional.of(sub + " is not a signing key");
            }
            revoked = revocation(primary, key, PGPSignature.SUBKEY_REVOCATION, signedAt);
            if (revoked.isPresent()) {
                return Optional.of(sub + " is revoked (" + revoked.get() + ")");
            }
            expired = expiry(key, key.getValidSeconds(), signedAt, now);
            if (expired.isPresent()) {
                return Optional.of(sub + " " + expired.get());
            }
        }
        if (signedAt.isBefore(key.getCreationTime().toInstant())) {
            return Optional.of("key " + Keyring.fingerprint(key) + " was created after the signature date " + signedAt);
        }
        return Optional.empty();
    }

    private static Optional<String> expiry(PGPPublicKey key, long validSeconds, Instant signedAt, Instant now) {
        if (validSeconds <= 0) {
            return Optional.empty();
        }
        Instant expires = key.getCreationTime().toInstant().plusSeconds(validSeconds);
        if (!now.isBefore(expires)) {
            return Optional.of("expired on " + expires);
        }
        if (!signedAt.isBefore(expires)) {
            return Optional.of("had expired on " + expires + " before the signature date " + signedAt);
        }
        return Optional.empty();
    }

    /** A verified revocation; hard ones (compromise, no reason) count always, soft ones from their date on. */
    private static Optional<String> revocation(PGPPublicKey primary, PGPPublicKey key, int type, Instant signedAt)
            throws PGPException {
        for (Iterator<PGPSignature> it = key.getSignaturesOfType(type); it.hasNext();) {
            PGPSignature revocation = it.next();
            if (!verifies(revocation, primary, key)) {
                continue;
            }
            RevocationReason reason = revocation.getHashedSubPackets() == null ? null
                    : revocation.getHashedSubPackets().getRevocationReason();
            boolean soft = reason != null && (reason.getRevocationReason() == RevocationReasonTags.KEY_SUPERSEDED
                    || reason.getRevocationReason() == RevocationReasonTags.KEY_RETIRED);
            if (!soft || !revocation.getCreationTime().toInstant().isAfter(signedAt)) {
                return Optional.of("on " + revocation.getCreationTime().toInstant()
                        + (reason == null ? "" : ", reason: " + reason.getRevocationDescription()));
            }
        }
        return Optional.empty();
    }

    private static PGPSignature binding(PGPPublicKey primary, PGPPublicKey subkey) throws PGPException {
        for (Iterator<PGPSignature> it = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING); it.hasNext();) {
            PGPSignature sig = it.next();
            if (verifies(sig, primary, subkey)) {
                return sig;
            }
        }
        return null;
    }

    private static boolean verifies(PGPSignature sig, PGPPublicKey primary, PGPPublicKey key) throws PGPException {
        sig.init(ClearsignVerifier.VERIFIERS, primary);
        return key == primary ? sig.verifyCertification(key) : sig.verifyCertification(primary, key);
    }
}
