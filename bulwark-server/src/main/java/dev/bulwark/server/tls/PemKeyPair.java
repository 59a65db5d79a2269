package dev.bulwark.server.tls;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.server.ServerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS certificate chain and its private key, read from PEM files ({@code openssl} writes both): the chain as
 * {@code CERTIFICATE} blocks, leaf first; the key as an unencrypted PKCS#8 {@code PRIVATE KEY} (RSA or EC). The key
 * is checked to belong to the leaf certificate before anything is served.
 */
public record PemKeyPair(List<X509Certificate> chain, PrivateKey key) {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    public PemKeyPair {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS chain needs a certificate");
        }
    }

    public static PemKeyPair read(Path certFile, Path keyFile) throws ServerException {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain.get(0))) {
            throw new ServerException(Kind.BAD_INPUT, "cannot use TLS key " + keyFile + ": it does not belong to the "
                    + "certificate in " + certFile + "; give the key the certificate was issued for");
        }
        return new PemKeyPair(chain, key);
    }

    /** An in-memory key store holding the pair under alias {@code server}, protected by {@code password}. */
    public KeyStore keyStore(char[] password) throws ServerException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new ServerException(Kind.ENVIRONMENT, "cannot hold the TLS key in a key store: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(Path file) throws ServerException {
        String text = read(file, "certificate");
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new ServerException(Kind.BAD_INPUT, "cannot read TLS certificate " + file + ": it holds no PEM "
                    + "CERTIFICATE block; give the certificate chain in PEM, leaf first");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            return cf.generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new ServerException(Kind.BAD_INPUT, "cannot read TLS certificate " + file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws ServerException {
        String text = read(file, "key");
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            switch (m.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, Base64.getMimeDecoder().decode(m.group(2)));
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new ServerException(Kind.BAD_INPUT, "cannot read TLS "
                        + "key " + file + ": it is in the older " + m.group(1) + " form; convert it with 'openssl pkcs8 "
                        + "-topk8 -nocrypt -in " + file + " -out key.pem'");
                case "ENCRYPTED PRIVATE KEY" -> throw new ServerException(Kind.BAD_INPUT, "cannot read TLS key " + file
                        + ": it is encrypted; give an unencrypted key in a file only the server's user can read");
                default -> {
                    // EC PARAMETERS and other blocks may sit beside the key
                }
            }
        }
        throw new ServerException(Kind.BAD_INPUT, "cannot read TLS key " + file + ": it holds no PEM PRIVATE KEY block");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws ServerException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new ServerException(Kind.BAD_INPUT, "cannot read TLS key " + file + ": not an RSA, EC or Ed25519 PKCS#8 key");
    }

    /** Signs a random challenge with the key and checks it with the certificate's public key. */
    private static boolean matches(PrivateKey key, X509Certificate cert) throws ServerException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String read(Path file, String what) throws ServerException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ServerException(Kind.BAD_INPUT, "cannot read TLS " + what + " " + file + ": " + e.getMessage()
                    + "; check the path and that the server's user may read it", e);
        }
    }
}
