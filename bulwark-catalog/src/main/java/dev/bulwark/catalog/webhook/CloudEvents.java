package dev.bulwark.catalog.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.catalog.release.ReleaseJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events as CloudEvents 1.0 in the JSON event format's structured mode: the context attributes (specversion, id,
 * source, type, time, subject, datacontenttype) and {@code data} in one JSON object, sent as
 * {@code application/cloudevents+json}.
 */
public final class CloudEvents {
    public static final String MEDIA_TYPE = "application/cloudevents+json";
    public static final String SPEC_VERSION = "1.0";
    public static final String TEST_TYPE = "dev.bulwark.webhook.test";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CloudEvents() {
    }

    /** The announcement of a release: source {@code /bulwark/catalog/images/IMAGE}, subject {@code builds/N}. */
    public static byte[] release(Release r) {
        return render(envelope(r.eventId(), "/bulwark/catalog/images/" + r.image(), r.kind().eventType(), r.at(),
                "builds/" + r.build(), ReleaseJson.data(r)));
    }

    /** A test event for one endpoint ({@code catalog webhooks test}). */
    public static byte[] test(String eventId, String webhook, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("webhook", webhook);
        data.put("message", "a test event from bulwark catalog webhooks test");
        return render(envelope(eventId, "/bulwark/catalog/webhooks/" + webhook, TEST_TYPE, at, null, data));
    }

    private static Map<String, Object> envelope(String id, String source, String type, Instant time, String subject,
            Map<String, Object> data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("specversion", SPEC_VERSION);
        m.put("id", id);
        m.put("source", source);
        m.put("type", type);
        m.put("time", time.toString());
        if (subject != null) {
            m.put("subject", subject);
        }
        m.put("datacontenttype", "application/json");
        m.put("data", data);
        return m;
    }

    private static byte[] render(Map<String, Object> event) {
        try {
            return MAPPER.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a CloudEvent of plain maps", e);
        }
    }
}
