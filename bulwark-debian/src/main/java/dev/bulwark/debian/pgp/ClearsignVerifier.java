package dev.bulwark.debian.pgp;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Verifies OpenPGP cleartext-signed messages such as a Debian {@code InRelease} against a {@link Keyring}. A message
 * is accepted when at least one signature is by a valid key of the keyring and matches the text; signatures by
 * unknown keys are then ignored (Debian signs with the keys of several releases).
 */
public final class ClearsignVerifier {
    /**
     * Checks signatures through the JDK's own RSA, EdDSA and ECDSA. BouncyCastle's lightweight RSA (its "Bc"
     * provider) runs probable-prime rounds on every modulus it is handed, a guard for keys of unknown origin that cost
     * about 0.8 s of CPU per process before the JIT warms up (most of a warm scan); the keys here are the keyring's
     * trust anchors, and the JDK does no such test on a public key.
     */
    static final PGPContentVerifierBuilderProvider VERIFIERS = new JcaPGPContentVerifierBuilderProvider();

    private final Keyring keyring;
    private final Clock clock;

    public ClearsignVerifier(Keyring keyring, Clock clock) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Returns only the signed text; callers must parse nothing else of the message. */
    public VerifiedText verify(byte[] inRelease, String sourceName) throws SignatureException {
        ClearsignedMessage message = ClearsignedMessage.parse(inRelease, sourceName);
        Instant now = clock.instant();
        Set<String> good = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        Set<String> bad = new LinkedHashSet<>();
        Set<String> invalid = new LinkedHashSet<>();
        for (PGPSignature signature : message.signatures()) {
            if (!good.isEmpty()) {
                break; // one good signature by a trusted key is enough; the rest would only cost time
            }
            List<Keyring.SigningKey> candidates = candidates(signature);
            if (candidates.isEmpty()) {
                unknown.add(Keyring.keyId(signature.getKeyID()));
            }
            for (Keyring.SigningKey candidate : candidates) {
                try {
                    Optional<Problem> problem = check(signature, candidate, message.signedData(), now);
                    if (problem.isEmpty()) {
                        good.add(Keyring.fingerprint(candidate.primary()));
                    } else {
                        (problem.get().tampered() ? bad : invalid).add(problem.get().reason());
                    }
                } catch (PGPException | RuntimeException e) {
                    bad.add("the signature by key " + describe(candidate) + " cannot be checked ("
                            + e.getMessage() + ")");
                }
            }
        }
        if (!good.isEmpty()) {
            return new VerifiedText(message.text(), List.copyOf(good));
        }
        throw refusal(sourceName, unknown, bad, invalid);
    }

    /** Every key of the keyring the signature names as its issuer (key ID or fingerprint subpackets). */
    private List<Keyring.SigningKey> candidates(PGPSignature signature) {
        Set<Long> ids = new LinkedHashSet<>();
        ids.add(signature.getKeyID());
        signature.getKeyIdentifiers().forEach(id -> ids.add(id.getKeyId()));
        List<Keyring.SigningKey> out = new ArrayList<>();
        for (long id : ids) {
            if (id != 0) {
                out.addAll(keyring.candidates(id));
            }
        }
        return out.stream().distinct().toList();
    }

    /** Why a signature does not count; {@code tampered} when the key is trusted but the text does not match. */
    private record Problem(boolean tampered, String reason) {
        static Optional<Problem> of(String reason) {
            return Optional.of(new Problem(false, reason));
        }
    }

    private static Optional<Problem> check(PGPSignature signature, Keyring.SigningKey candidate, byte[] data,
            Instant now) throws PGPException {
        String key = describe(candidate);
        if (signature.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT
                && signature.getSignatureType() != PGPSignature.BINARY_DOCUMENT) {
            return Problem.of("the signature by key " + key + " is not a document signature (type "
                    + signature.getSignatureType() + ")");
        }
        int hash = signature.getHashAlgorithm();
        if (hash == HashAlgorithmTags.MD5 || hash == HashAlgorithmTags.SHA1 || hash == HashAlgorithmTags.RIPEMD160) {
            return Problem.of("the signature by key " + key + " uses a weak digest (algorithm " + hash + ")");
        }
        signature.init(VERIFIERS, candidate.key());
        signature.update(data);
        if (!signature.verify()) {
            return Optional.of(new Problem(true, "the signature by key " + key + " does not match the signed text"));
        }
        Instant signedAt = signature.getCreationTime().toInstant();
        long sigValidity = signature.getHashedSubPackets() == null ? 0
                : signature.getHashedSubPackets().getSignatureExpirationTime();
        if (sigValidity > 0 && !now.isBefore(signedAt.plusSeconds(sigValidity))) {
            return Problem.of("the signature by key " + key + " expired on " + signedAt.plusSeconds(sigValidity));
        }
        return KeyValidity.problem(candidate, signedAt, now).flatMap(Problem::of);
    }

    /** The primary fingerprint, and the subkey's when a subkey signed: users look keys up by primary. */
    private static String describe(Keyring.SigningKey candidate) {
        String primary = Keyring.fingerprint(candidate.primary());
        return candidate.key() == candidate.primary() ? primary
                : primary + " (subkey " + Keyring.fingerprint(candidate.key()) + ")";
    }

    private SignatureException refusal(String sourceName, Set<String> unknown, Set<String> bad, Set<String> invalid) {
        String prefix = "cannot verify " + sourceName + ": ";
        if (!bad.isEmpty()) {
            return new SignatureException(prefix + String.join("; ", bad) + ". The file was altered after it was "
                    + "signed or is corrupt (a broken mirror or proxy, or an attack); do not use it.");
        }
        if (!invalid.isEmpty()) {
            return new SignatureException(prefix + String.join("; ", invalid) + ". Update the keyring (a newer "
                    + "debian-archive-keyring, or the key file named in the spec's 'keyring:').");
        }
        return new SignatureException(prefix + "no signature is by a key in the keyring (signed by key IDs "
                + String.join(", ", unknown) + "; the keyring holds " + String.join(", ", keyring.fingerprints())
                + " from " + String.join(", ", keyring.sources()) + "). If you trust this archive, add its public "
                + "key: name a key file in the spec's 'keyring:', or install it into the host keyring "
                + "(/usr/share/keyrings/).");
    }
}
