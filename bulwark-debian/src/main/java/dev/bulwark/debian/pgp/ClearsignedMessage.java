package dev.bulwark.debian.pgp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * The parts of an RFC 4880 §7 cleartext-signed message. Parsing is strict (as apt is): nothing before the header,
 * only {@code Hash:} armor headers, every text line starting with a dash escaped, nothing after the signature block;
 * so no unsigned text can reach a caller. Strings are handled as ISO-8859-1 to keep the signed bytes exact.
 */
record ClearsignedMessage(byte[] signedData, String text, List<PGPSignature> signatures) {
    private static final String HEADER = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final String SIG_BEGIN = "-----BEGIN PGP SIGNATURE-----";
    private static final String SIG_END = "-----END PGP SIGNATURE-----";

    static ClearsignedMessage parse(byte[] message, String sourceName) throws SignatureException {
        List<String> lines = lines(new String(message, StandardCharsets.ISO_8859_1));
        int i = 0;
        if (lines.isEmpty() || !stripTrailing(lines.get(0)).equals(HEADER)) {
            throw fail(sourceName, "it is not an OpenPGP cleartext-signed message (it does not start with '" + HEADER
                    + "'); the archive must serve a signed InRelease");
        }
        for (i = 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
            if (!lines.get(i).startsWith("Hash:")) {
                throw fail(sourceName, "unexpected armor header '" + lines.get(i) + "' (only 'Hash:' is allowed)");
            }
        }
        List<String> text = new ArrayList<>();
        for (i++; i < lines.size() && !stripTrailing(lines.get(i)).equals(SIG_BEGIN); i++) {
            String line = lines.get(i);
            if (line.startsWith("- ")) {
                line = line.substring(2);
            } else if (line.startsWith("-")) {
                throw fail(sourceName, "line " + (i + 1) + " starts with an unescaped dash: '" + line + "'");
            }
            text.add(stripTrailing(line));
        }
        if (i >= lines.size()) {
            throw fail(sourceName, "the signed message has no signature block ('" + SIG_BEGIN + "' missing)");
        }
        int begin = i;
        while (i < lines.size() && !stripTrailing(lines.get(i)).equals(SIG_END)) {
            i++;
        }
        if (i >= lines.size()) {
            throw fail(sourceName, "the signature block is not closed ('" + SIG_END + "' missing)");
        }
        for (int rest = i + 1; rest < lines.size(); rest++) {
            if (!lines.get(rest).isBlank()) {
                throw fail(sourceName, "unexpected data after the signature block at line " + (rest + 1));
            }
        }
        String armor = String.join("\n", lines.subList(begin, i + 1)) + "\n";
        return new ClearsignedMessage(canonical(text), utf8Text(text), signatures(armor, sourceName));
    }

    /** Signed data per RFC 4880: lines joined by CRLF, no line ending after the last one. */
    private static byte[] canonical(List<String> text) {
        return String.join("\r\n", text).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String utf8Text(List<String> text) {
        StringBuilder out = new StringBuilder();
        text.forEach(line -> out.append(line).append('\n'));
        return new String(out.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static List<PGPSignature> signatures(String armor, String sourceName) throws SignatureException {
        List<PGPSignature> out = new ArrayList<>();
        try (ArmoredInputStream in = new ArmoredInputStream(
                new ByteArrayInputStream(armor.getBytes(StandardCharsets.ISO_8859_1)))) {
            ByteArrayOutputStream packets = new ByteArrayOutputStream();
            in.transferTo(packets);
            BcPGPObjectFactory factory = new BcPGPObjectFactory(packets.toByteArray());
            for (Object o = factory.nextObject(); o != null; o = factory.nextObject()) {
                if (!(o instanceof PGPSignatureList list)) {
                    throw new IOException("unexpected " + o.getClass().getSimpleName() + " in the signature block");
                }
                list.forEach(out::add);
            }
        } catch (IOException | RuntimeException e) {
            throw new SignatureException("cannot verify " + sourceName + ": the signature block is corrupt ("
                    + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) {
            throw fail(sourceName, "the signature block holds no signature");
        }
        return out;
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        for (String line : s.split("\n", -1)) {
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return out;
    }

    private static String stripTrailing(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    private static SignatureException fail(String sourceName, String why) {
        return new SignatureException("cannot verify " + sourceName + ": " + why);
    }
}
