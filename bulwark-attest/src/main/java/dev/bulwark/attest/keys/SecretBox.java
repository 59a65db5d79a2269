package dev.bulwark.attest.keys;

import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * NaCl's {@code crypto_secretbox} (XSalsa20 + Poly1305), as Go's {@code x/crypto/nacl/secretbox} writes it:
 * the 16-byte tag, then the ciphertext. The first 32 bytes of the key stream are the one-time Poly1305 key.
 */
final class SecretBox {
    static final int KEY_LENGTH = 32;
    static final int NONCE_LENGTH = 24;
    private static final int TAG_LENGTH = 16;

    private SecretBox() {
    }

    static byte[] seal(byte[] message, byte[] nonce, byte[] key) {
        XSalsa20Engine stream = stream(nonce, key);
        byte[] polyKey = polyKey(stream);
        byte[] out = new byte[TAG_LENGTH + message.length];
        stream.processBytes(message, 0, message.length, out, TAG_LENGTH);
        byte[] tag = mac(polyKey, out, TAG_LENGTH, message.length);
        System.arraycopy(tag, 0, out, 0, TAG_LENGTH);
        return out;
    }

    /** The message, or null when the box was not sealed with this key and nonce (wrong password, tampering). */
    static byte[] open(byte[] box, byte[] nonce, byte[] key) {
        if (box.length < TAG_LENGTH) {
            return null;
        }
        XSalsa20Engine stream = stream(nonce, key);
        byte[] polyKey = polyKey(stream);
        byte[] tag = mac(polyKey, box, TAG_LENGTH, box.length - TAG_LENGTH);
        if (!MessageDigest.isEqual(tag, Arrays.copyOf(box, TAG_LENGTH))) {
            return null;
        }
        byte[] message = new byte[box.length - TAG_LENGTH];
        stream.processBytes(box, TAG_LENGTH, message.length, message, 0);
        return message;
    }

    private static XSalsa20Engine stream(byte[] nonce, byte[] key) {
        if (nonce.length != NONCE_LENGTH || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("secretbox needs a 24-byte nonce and a 32-byte key");
        }
        XSalsa20Engine engine = new XSalsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        return engine;
    }

    private static byte[] polyKey(XSalsa20Engine stream) {
        byte[] k = new byte[32];
        stream.processBytes(new byte[32], 0, 32, k, 0);
        return k;
    }

    private static byte[] mac(byte[] polyKey, byte[] data, int off, int len) {
        Poly1305 poly = new Poly1305();
        poly.init(new KeyParameter(polyKey));
        poly.update(data, off, len);
        byte[] tag = new byte[TAG_LENGTH];
        poly.doFinal(tag, 0);
        return tag;
    }
}
