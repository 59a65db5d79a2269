package dev.bulwark.attest.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.crypto.generators.SCrypt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * cosign's encrypted private key file: a PEM block {@code ENCRYPTED SIGSTORE PRIVATE KEY} (older cosign:
 * {@code ENCRYPTED COSIGN PRIVATE KEY}) holding the JSON of go-securesystemslib's {@code encrypted} package —
 * an scrypt KDF over the password and a nacl/secretbox around the PKCS#8 DER of the key.
 */
public final class SigstoreKeyFile {
    public static final String PEM_TYPE = "ENCRYPTED SIGSTORE PRIVATE KEY";
    public static final String LEGACY_PEM_TYPE = "ENCRYPTED COSIGN PRIVATE KEY";
    /** cosign 2's parameters; any N, r, p a file names are honoured on reading, within {@link #MAX_N}. */
    static final int N = 65536;
    static final int R = 8;
    static final int P = 1;
    private static final int MAX_N = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SigstoreKeyFile() {
    }

    public static boolean isEncryptedType(String pemType) {
        return PEM_TYPE.equals(pemType) || LEGACY_PEM_TYPE.equals(pemType);
    }

    /** The PKCS#8 DER inside the block; fails when the password is wrong or the file was changed. */
    public static byte[] decrypt(Pem pem, char[] password) throws KeyParseException {
        if (!isEncryptedType(pem.type())) {
            throw new KeyParseException("not an encrypted sigstore key: PEM type " + pem.type());
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(pem.der());
        } catch (IOException e) {
            throw new KeyParseException("the encrypted key is not JSON: " + e.getMessage(), e);
        }
        String kdf = doc.path("kdf").path("name").asText();
        String cipher = doc.path("cipher").path("name").asText();
        if (!"scrypt".equals(kdf) || !"nacl/secretbox".equals(cipher)) {
            throw new KeyParseException("unsupported key encryption " + kdf + " + " + cipher
                    + " (expected scrypt + nacl/secretbox)");
        }
        JsonNode params = doc.path("kdf").path("params");
        int n = params.path("N").asInt();
        int r = params.path("r").asInt();
        int p = params.path("p").asInt();
        if (n < 2 || n > MAX_N || Integer.bitCount(n) != 1 || r < 1 || r > 32 || p < 1 || p > 16) {
            throw new KeyParseException("unreasonable scrypt parameters N=" + n + " r=" + r + " p=" + p);
        }
        byte[] salt = base64(doc.path("kdf").path("salt"), "kdf.salt");
        byte[] nonce = base64(doc.path("cipher").path("nonce"), "cipher.nonce");
        byte[] box = base64(doc.path("ciphertext"), "ciphertext");
        if (nonce.length != SecretBox.NONCE_LENGTH) {
            throw new KeyParseException("the secretbox nonce is " + nonce.length + " bytes, not 24");
        }
        byte[] key = scrypt(password, salt, n, r, p);
        byte[] plain = SecretBox.open(box, nonce, key);
        Arrays.fill(key, (byte) 0);
        if (plain == null) {
            throw new KeyParseException("wrong password, or the key file was changed (the secretbox does not open)");
        }
        return plain;
    }

    /** Encrypts PKCS#8 DER as cosign 2 does; {@code random} supplies the salt and the nonce. */
    public static Pem encrypt(byte[] pkcs8, char[] password, SecureRandom random) {
        byte[] salt = new byte[32];
        byte[] nonce = new byte[SecretBox.NONCE_LENGTH];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] key = scrypt(password, salt, N, R, P);
        byte[] box = SecretBox.seal(pkcs8, nonce, key);
        Arrays.fill(key, (byte) 0);
        Base64.Encoder b64 = Base64.getEncoder();
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode kdf = doc.putObject("kdf");
        kdf.put("name", "scrypt");
        kdf.putObject("params").put("N", N).put("r", R).put("p", P);
        kdf.put("salt", b64.encodeToString(salt));
        doc.putObject("cipher").put("name", "nacl/secretbox").put("nonce", b64.encodeToString(nonce));
        doc.put("ciphertext", b64.encodeToString(box));
        try {
            return new Pem(PEM_TYPE, JSON.writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
    }

    private static byte[] scrypt(char[] password, byte[] salt, int n, int r, int p) {
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] pw = new byte[utf8.remaining()];
        utf8.get(pw);
        try {
            return SCrypt.generate(pw, salt, n, r, p, SecretBox.KEY_LENGTH);
        } finally {
            Arrays.fill(pw, (byte) 0);
            if (utf8.hasArray()) {
                Arrays.fill(utf8.array(), (byte) 0);
            }
        }
    }

    private static byte[] base64(JsonNode node, String field) throws KeyParseException {
        if (!node.isTextual()) {
            throw new KeyParseException("the encrypted key has no " + field);
        }
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException e) {
            throw new KeyParseException(field + " is not base64", e);
        }
    }
}
