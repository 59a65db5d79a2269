package dev.bulwark.catalog.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The receiver's side of the Standard Webhooks scheme, written from the spec apart from the sender's code: the
 * signed content is id "." timestamp "." body, HMAC-SHA256 keyed with the base64-decoded part of whsec_...,
 * and the header holds space-separated "v1,<base64>" entries of which one must match.
 */
final class SignatureCheck {
    private SignatureCheck() {
    }

    static boolean verifies(String secret, Receiver.Request r) throws Exception {
        String id = r.headers().get("webhook-id");
        String timestamp = r.headers().get("webhook-timestamp");
        String header = r.headers().get("webhook-signature");
        if (id == null || timestamp == null || header == null || !timestamp.matches("[0-9]+")) {
            return false;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 300) {
            return false; // outside the replay tolerance the spec recommends
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] signed = new byte[0];
        signed = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), r.body());
        byte[] expected = mac.doFinal(signed);
        for (String entry : header.split(" ")) {
            String[] parts = entry.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
