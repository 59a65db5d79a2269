package dev.bulwark.catalog.webhook;

import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by the base64 of 24 to 64 random bytes, the HMAC
 * key. It never shows itself in {@code toString}.
 */
public record WebhookSecret(String value) {
    static final String PREFIX = "whsec_";
    private static final int GENERATED_BYTES = 32;

    public WebhookSecret {
        if (value == null || !value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is " + PREFIX + " and base64; this one is not base64");
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException("a webhook secret holds 24 to 64 bytes; this one holds " + key.length);
        }
    }

    /** A new secret of 32 bytes from {@code random} (a SecureRandom in production). */
    public static WebhookSecret generate(RandomGenerator random) {
        byte[] key = new byte[GENERATED_BYTES];
        random.nextBytes(key);
        return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(key));
    }

    /** The HMAC key: the decoded bytes after the prefix. */
    byte[] key() {
        return Base64.getDecoder().decode(value.substring(PREFIX.length()));
    }

    @Override
    public String toString() {
        return "WebhookSecret[" + PREFIX + "***]";
    }
}
