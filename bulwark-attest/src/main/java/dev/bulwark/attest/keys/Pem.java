package dev.bulwark.attest.keys;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** One PEM block: its type (the word after BEGIN) and its decoded bytes. */
public record Pem(String type, byte[] der) {

    public Pem {
        Objects.requireNonNull(type, "type");
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    /** The first PEM block in {@code text}, ignoring anything before it (openssl may write parameters first). */
    public static Pem parse(String text) throws KeyParseException {
        int begin = text.indexOf("-----BEGIN ");
        if (begin < 0) {
            throw new KeyParseException("no PEM block (-----BEGIN ...-----)");
        }
        int typeEnd = text.indexOf("-----", begin + 11);
        if (typeEnd < 0) {
            throw new KeyParseException("unterminated PEM header");
        }
        String type = text.substring(begin + 11, typeEnd);
        String footer = "-----END " + type + "-----";
        int end = text.indexOf(footer, typeEnd);
        if (end < 0) {
            throw new KeyParseException("no " + footer + " line");
        }
        String body = text.substring(typeEnd + 5, end);
        if (body.contains(":")) {
            throw new KeyParseException("PEM headers (Proc-Type, DEK-Info) are not supported; use PKCS#8");
        }
        try {
            return new Pem(type, Base64.getMimeDecoder().decode(body.replaceAll("\\s", "")));
        } catch (IllegalArgumentException e) {
            throw new KeyParseException("the " + type + " block is not base64: " + e.getMessage());
        }
    }

    /** The PEM text, 64 columns, ending with a newline, as Go's encoding/pem writes it. */
    public String encode() {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder("-----BEGIN ").append(type).append("-----\n");
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append("-----END ").append(type).append("-----\n").toString();
    }

    public byte[] encodeBytes() {
        return encode().getBytes(StandardCharsets.US_ASCII);
    }
}
