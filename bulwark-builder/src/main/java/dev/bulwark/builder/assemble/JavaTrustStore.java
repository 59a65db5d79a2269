package dev.bulwark.builder.assemble;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes the Java trust store {@code /etc/ssl/certs/java/cacerts} that ca-certificates-java's postinst would build,
 * in the JKS format every JDK reads. The JDK's own KeyStore writer stamps each entry with the current time (and its
 * PKCS#12 writer adds random salts), so for a reproducible image Bulwark writes the JKS bytes itself with every
 * entry date set to SOURCE_DATE_EPOCH. Entries are written in alias order; the password is "changeit", as Debian's.
 */
final class JavaTrustStore {
    private static final int MAGIC = 0xFEEDFEED;
    private static final int VERSION = 2;
    private static final int TRUSTED_CERT = 2;
    static final String PASSWORD = "changeit";

    private JavaTrustStore() {
    }

    /** {@code certsByAlias}: alias → PEM text of one or more certificates (all are added, alias-N for extras). */
    static byte[] write(Map<String, byte[]> certsByAlias, long epochSeconds) throws IOException {
        List<Map.Entry<String, X509Certificate>> entries = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IOException("the JDK has no X.509 support", e);
        }
        for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(certsByAlias).entrySet()) {
            Collection<? extends java.security.cert.Certificate> certs;
            try {
                certs = factory.generateCertificates(new ByteArrayInputStream(e.getValue()));
            } catch (CertificateException ex) {
                throw new IOException("cannot read certificate " + e.getKey() + ": " + ex.getMessage(), ex);
            }
            int i = 0;
            for (java.security.cert.Certificate c : certs) {
                entries.add(Map.entry(i++ == 0 ? e.getKey() : e.getKey() + "-" + i, (X509Certificate) c));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(entries.size());
        for (Map.Entry<String, X509Certificate> e : entries) {
            out.writeInt(TRUSTED_CERT);
            out.writeUTF(e.getKey());
            out.writeLong(epochSeconds * 1000L);
            out.writeUTF("X.509");
            byte[] der;
            try {
                der = e.getValue().getEncoded();
            } catch (java.security.cert.CertificateEncodingException ex) {
                throw new IOException("cannot encode certificate " + e.getKey(), ex);
            }
            out.writeInt(der.length);
            out.write(der);
        }
        out.flush();
        byte[] body = bytes.toByteArray();
        try {
            // JKS integrity check: SHA-1 over the password (UTF-16BE), the fixed salt phrase, and the body.
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (char c : PASSWORD.toCharArray()) {
                sha1.update((byte) (c >> 8));
                sha1.update((byte) c);
            }
            sha1.update("Mighty Aphrodite".getBytes(StandardCharsets.UTF_8));
            sha1.update(body);
            out.write(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("the JDK lacks SHA-1", e);
        }
        out.flush();
        return bytes.toByteArray();
    }
}
