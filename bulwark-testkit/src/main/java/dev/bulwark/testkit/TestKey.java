package dev.bulwark.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

import dev.bulwark.core.Hex;

/**
 * An OpenPGP Ed25519 signing key (optionally with a signing subkey) generated in code, for tests that need a signed archive. Uses Bouncy Castle's
 * lightweight API only (no JCE provider). Each call generates a fresh key; nothing is cached.
 */
public final class TestKey {
    private static final int ALGORITHM = PublicKeyAlgorithmTags.EDDSA_LEGACY;

    private final PGPKeyPair keyPair;
    private final PGPPublicKeyRing publicRing;
    private final String userId;

    private TestKey(PGPKeyPair keyPair, PGPPublicKeyRing publicRing, String userId) {
        this.keyPair = keyPair;
        this.publicRing = publicRing;
        this.userId = userId;
    }

    /** A valid key without expiry, created one day ago so that signatures made now are after its creation. */
    public static TestKey generate(String userId) {
        return generate(userId, now().minus(Duration.ofDays(1)), null, false);
    }

    /** A key created two years ago that expired after one year. */
    public static TestKey generateExpired(String userId) {
        return generate(userId, now().minus(Duration.ofDays(730)), Duration.ofDays(365), false);
    }

    /** A certify-only primary key with a signing subkey that makes the signatures, as Debian's archive keys are. */
    public static TestKey generateWithSigningSubkey(String userId) {
        return generate(userId, now().minus(Duration.ofDays(1)), null, true);
    }

    /** A key with the given creation time and optional validity (null: never expires). */
    public static TestKey generate(String userId, Instant created, Duration validity) {
        return generate(userId, created, validity, false);
    }

    private static TestKey generate(String userId, Instant created, Duration validity, boolean subkey) {
        Objects.requireNonNull(userId, "userId");
        Date createdAt = Date.from(created.truncatedTo(ChronoUnit.SECONDS));
        try {
            PGPKeyPair primary = newPair(createdAt);
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(true, createdAt);
            hashed.setKeyFlags(true, subkey ? KeyFlags.CERTIFY_OTHER : KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            hashed.setIssuerFingerprint(false, primary.getPublicKey());
            if (validity != null) {
                hashed.setKeyExpirationTime(true, validity.toSeconds());
            }
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), hashed.generate(), null,
                    signerBuilder(), null);
            PGPKeyPair signing = primary;
            if (subkey) {
                signing = newPair(createdAt);
                PGPSignatureSubpacketGenerator binding = new PGPSignatureSubpacketGenerator();
                binding.setSignatureCreationTime(true, createdAt);
                binding.setKeyFlags(true, KeyFlags.SIGN_DATA);
                rings.addSubKey(signing, binding.generate(), null, signerBuilder());
            }
            return new TestKey(signing, rings.generatePublicKeyRing(), userId);
        } catch (PGPException e) {
            throw new IllegalStateException("cannot generate test key " + userId + ": " + e.getMessage(), e);
        }
    }

    private static PGPKeyPair newPair(Date createdAt) throws PGPException {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        AsymmetricCipherKeyPair raw = generator.generateKeyPair();
        return new BcPGPKeyPair(ALGORITHM, raw, createdAt);
    }

    public String userId() {
        return userId;
    }

    /** The binary transferable public key (what a {@code .gpg} keyring file holds). */
    public byte[] publicKeyring() {
        try {
            return publicRing.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String publicKeyArmored() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            publicRing.encode(armored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Upper-case hex fingerprint of the primary key, as the verifier reports it. */
    public String fingerprint() {
        return Hex.encode(publicRing.getPublicKey().getFingerprint()).toUpperCase(java.util.Locale.ROOT);
    }

    /** Upper-case hex fingerprint of the key that makes signatures (the subkey, when there is one). */
    public String signingFingerprint() {
        return Hex.encode(keyPair.getPublicKey().getFingerprint()).toUpperCase(java.util.Locale.ROOT);
    }

    /** The 64-bit ID of the signing key (what signatures name as issuer) as 16 upper-case hex digits. */
    public String keyId() {
        return String.format(java.util.Locale.ROOT, "%016X", keyPair.getKeyID());
    }

    /** An InRelease-style cleartext signature (SHA-256) over {@code text}. */
    public byte[] clearsign(String text) {
        return clearsignAll(text, this);
    }

    /** One cleartext-signed message carrying a signature by each key, like Debian's InRelease. */
    public static byte[] clearsignAll(String text, TestKey... keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("cannot clearsign: no keys given");
        }
        List<String> lines = Cleartext.lines(text);
        byte[] canonical = Cleartext.canonical(lines);
        StringBuilder out = new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n");
        for (String line : lines) {
            out.append(line.startsWith("-") ? "- " + line : line).append('\n');
        }
        List<PGPSignature> signatures = new ArrayList<>();
        for (TestKey key : keys) {
            signatures.add(key.sign(canonical));
        }
        ByteArrayOutputStream armor = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(armor)) {
            for (PGPSignature signature : signatures) {
                signature.encode(armored);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.append(armor.toString(StandardCharsets.US_ASCII));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private PGPSignature sign(byte[] canonical) {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(signerBuilder(),
                    publicRing.getPublicKey(keyPair.getKeyID()));
            generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, keyPair.getPrivateKey());
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(true, Date.from(now().truncatedTo(ChronoUnit.SECONDS)));
            hashed.setIssuerFingerprint(false, publicRing.getPublicKey(keyPair.getKeyID()));
            generator.setHashedSubpackets(hashed.generate());
            PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
            unhashed.setIssuerKeyID(false, keyPair.getKeyID());
            generator.setUnhashedSubpackets(unhashed.generate());
            generator.update(canonical);
            return generator.generate();
        } catch (PGPException e) {
            throw new IllegalStateException("cannot sign with test key " + userId + ": " + e.getMessage(), e);
        }
    }

    private static BcPGPContentSignerBuilder signerBuilder() {
        return new BcPGPContentSignerBuilder(ALGORITHM, HashAlgorithmTags.SHA256);
    }

    // The one place the testkit reads the wall clock: keys and signatures must be valid "now" for verifiers.
    private static Instant now() {
        return Instant.now();
    }

    @Override
    public String toString() {
        return "TestKey[" + userId + ", " + fingerprint() + "]";
    }
}
