package dev.bulwark.attest.keys;

import dev.bulwark.attest.AttestException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Hex;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Reads and writes ECDSA P-256 keys in the forms cosign and openssl use: cosign's encrypted private key,
 * PKCS#8 ({@code PRIVATE KEY}), SEC 1 ({@code EC PRIVATE KEY}) and PKIX public keys ({@code PUBLIC KEY}).
 */
public final class Keys {
    private static final String CURVE = "secp256r1";

    private Keys() {
    }

    public static SigningKey generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(CURVE), random);
            KeyPair pair = g.generateKeyPair();
            return new SigningKey((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make P-256 keys", e);
        }
    }

    /** A private key from PEM text; the password is asked for only when the key is encrypted. */
    public static SigningKey parsePrivate(String pemText, PasswordSource passwords)
            throws KeyParseException, AttestException {
        Pem pem = Pem.parse(pemText);
        byte[] pkcs8;
        if (SigstoreKeyFile.isEncryptedType(pem.type())) {
            char[] pw = passwords.password(false);
            try {
                pkcs8 = SigstoreKeyFile.decrypt(pem, pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        } else if ("PRIVATE KEY".equals(pem.type())) {
            pkcs8 = pem.der();
        } else if ("EC PRIVATE KEY".equals(pem.type())) {
            pkcs8 = sec1ToPkcs8(pem.der());
        } else {
            throw new KeyParseException("PEM type " + pem.type() + " is not a private key Bulwark reads (use "
                    + SigstoreKeyFile.PEM_TYPE + ", PRIVATE KEY or EC PRIVATE KEY)");
        }
        try {
            return fromPkcs8(pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    public static ECPublicKey parsePublic(String pemText) throws KeyParseException {
        Pem pem = Pem.parse(pemText);
        if (!"PUBLIC KEY".equals(pem.type())) {
            throw new KeyParseException("PEM type " + pem.type() + " is not a PUBLIC KEY");
        }
        try {
            PublicKey k = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(pem.der()));
            ECPublicKey ec = (ECPublicKey) k;
            requireP256(ec.getParams());
            return ec;
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new KeyParseException("not an ECDSA P-256 public key: " + e.getMessage(), e);
        }
    }

    /** cosign's private key file text, encrypted with the password. */
    public static String encodePrivate(SigningKey key, char[] password, SecureRandom random) {
        return SigstoreKeyFile.encrypt(key.privateKey().getEncoded(), password, random).encode();
    }

    public static String encodePublic(PublicKey key) {
        return new Pem("PUBLIC KEY", key.getEncoded()).encode();
    }

    /** Reads a private key file; errors name the file. */
    public static SigningKey loadPrivate(Path file, PasswordSource passwords) throws AttestException {
        try {
            return parsePrivate(Files.readString(file, StandardCharsets.US_ASCII), passwords);
        } catch (IOException e) {
            throw new AttestException(Kind.BAD_INPUT, "cannot read private key " + file + ": " + e.getMessage(), e);
        } catch (KeyParseException e) {
            throw new AttestException(Kind.BAD_INPUT, "cannot read private key " + file + ": " + e.getMessage(), e);
        }
    }

    public static ECPublicKey loadPublic(Path file) throws AttestException {
        try {
            return parsePublic(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new AttestException(Kind.BAD_INPUT, "cannot read public key " + file + ": " + e.getMessage(), e);
        } catch (KeyParseException e) {
            throw new AttestException(Kind.BAD_INPUT, "cannot read public key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of the PKIX encoding, in hex: a short, stable name for a public key. */
    public static String fingerprint(PublicKey key) {
        try {
            return Hex.encode(java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static void requireP256(ECParameterSpec params) {
        X9ECParameters p256 = ECNamedCurveTable.getByName(CURVE);
        if (params == null || !params.getOrder().equals(p256.getN())
                || !params.getCurve().getA().equals(p256.getCurve().getA().toBigInteger())) {
            throw new IllegalArgumentException("only ECDSA P-256 keys are supported");
        }
    }

    private static SigningKey fromPkcs8(byte[] pkcs8) throws KeyParseException {
        try {
            ECPrivateKey priv = (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            requireP256(priv.getParams());
            X9ECParameters curve = ECNamedCurveTable.getByName(CURVE);
            ECPoint q = curve.getG().multiply(priv.getS()).normalize();
            ECPublicKeySpec spec = new ECPublicKeySpec(new java.security.spec.ECPoint(
                    q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), priv.getParams());
            ECPublicKey pub = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
            return new SigningKey(priv, pub);
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new KeyParseException("not an ECDSA P-256 private key: " + e.getMessage(), e);
        }
    }

    private static byte[] sec1ToPkcs8(byte[] sec1) throws KeyParseException {
        try {
            org.bouncycastle.asn1.sec.ECPrivateKey k = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(sec1);
            ASN1Encodable params = k.getParametersObject();
            ASN1ObjectIdentifier curve = params == null ? SECObjectIdentifiers.secp256r1 : (ASN1ObjectIdentifier) params;
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), k)
                    .getEncoded();
        } catch (IOException | RuntimeException e) {
            throw new KeyParseException("not a SEC 1 EC PRIVATE KEY: " + e.getMessage(), e);
        }
    }
}
