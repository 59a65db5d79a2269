package dev.bulwark.catalog.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: HMAC-SHA256 over {@code <webhook-id>.<webhook-timestamp>.<body>} keyed with the
 * secret's bytes, sent as {@code v1,<base64>}; several secrets (a rotation) give several, separated by spaces.
 */
public final class Signatures {
    private Signatures() {
    }

    /** The {@code webhook-signature} header for a message signed with each of {@code secrets}, in order. */
    public static String header(String messageId, long timestampSeconds, byte[] body, List<WebhookSecret> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a message is signed with at least one secret");
        }
        List<String> out = new ArrayList<>();
        for (WebhookSecret s : secrets) {
            out.add("v1," + Base64.getEncoder().encodeToString(hmac(s.key(), messageId, timestampSeconds, body)));
        }
        return String.join(" ", out);
    }

    private static byte[] hmac(byte[] key, String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
