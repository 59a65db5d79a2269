package dev.bulwark.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/** Test-side check of the testkit's cleartext signatures with plain Bouncy Castle (independent of bulwark-debian). */
final class ClearsignedMessages {
    private ClearsignedMessages() {
    }

    /** The signed text lines (dash-unescaped). */
    static List<String> text(byte[] message) {
        String s = new String(message, StandardCharsets.UTF_8);
        int start = s.indexOf("\n\n") + 2;
        int end = s.indexOf("\n-----BEGIN PGP SIGNATURE-----");
        List<String> lines = new ArrayList<>();
        for (String line : s.substring(start, end).split("\n", -1)) {
            lines.add(line.startsWith("- ") ? line.substring(2) : line);
        }
        return lines;
    }

    /** Number of signatures that verify with {@code key}'s public keyring. */
    static int goodSignatures(byte[] message, TestKey key) throws IOException, PGPException {
        String s = new String(message, StandardCharsets.UTF_8);
        byte[] armor = s.substring(s.indexOf("-----BEGIN PGP SIGNATURE-----")).getBytes(StandardCharsets.US_ASCII);
        PGPPublicKeyRing ring = new PGPPublicKeyRing(key.publicKeyring(), new BcKeyFingerprintCalculator());
        byte[] canonical = Cleartext.canonical(text(message));
        int good = 0;
        Object o = new BcPGPObjectFactory(new ArmoredInputStream(new ByteArrayInputStream(armor))).nextObject();
        for (PGPSignature sig : (PGPSignatureList) o) {
            PGPPublicKey pub = ring.getPublicKey(sig.getKeyID());
            if (pub != null) {
                sig.init(new BcPGPContentVerifierBuilderProvider(), pub);
                sig.update(canonical);
                good += sig.verify() ? 1 : 0;
            }
        }
        return good;
    }
}
