package dev.bulwark.catalog.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --format json} views of {@code catalog webhooks}: secrets only where a verb makes one. */
public final class WebhookJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private WebhookJson() {
    }

    /** An endpoint; {@code shownSecret} (may be null) is a secret just made, shown this once. */
    public static String webhook(Webhook w, WebhookSecret shownSecret) {
        Map<String, Object> m = map(w);
        if (shownSecret != null) {
            m.put("secret", shownSecret.value());
        }
        return render(m);
    }

    public static String webhooks(List<Webhook> hooks) {
        List<Object> out = new ArrayList<>();
        hooks.forEach(w -> out.add(map(w)));
        return render(out);
    }

    public static String attempts(List<DeliveryAttempt> attempts) {
        List<Object> out = new ArrayList<>();
        attempts.forEach(a -> out.add(map(a)));
        return render(out);
    }

    public static String report(DeliveryReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("delivered", r.delivered());
        m.put("failed", r.failed());
        m.put("cancelled", r.disabled());
        m.put("pending", r.pending());
        List<Object> attempts = new ArrayList<>();
        r.attempts().forEach(a -> attempts.add(map(a)));
        m.put("attempts", attempts);
        return render(m);
    }

    private static Map<String, Object> map(Webhook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("name", w.name());
        m.put("url", w.url().toString());
        m.put("events", w.events());
        m.put("enabled", w.enabled());
        m.put("disabledReason", w.disabledReason());
        m.put("createdAt", w.createdAt().toString());
        m.put("previousSecretUntil", w.previousUntil() == null ? null : w.previousUntil().toString());
        return m;
    }

    private static Map<String, Object> map(DeliveryAttempt a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("webhook", a.webhook());
        m.put("event", a.eventId());
        m.put("type", a.eventType());
        m.put("attempt", a.attempt());
        m.put("at", a.at().toString());
        m.put("ms", a.took().toMillis());
        m.put("status", a.status());
        m.put("outcome", a.outcome());
        m.put("error", a.error());
        return m;
    }

    static String render(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render plain maps as JSON", e);
        }
    }
}
