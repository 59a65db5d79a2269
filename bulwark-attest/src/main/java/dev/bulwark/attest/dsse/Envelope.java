package dev.bulwark.attest.dsse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A DSSE envelope (https://github.com/secure-systems-lab/dsse): a typed payload and signatures over its
 * pre-authentication encoding. The JSON form is what cosign stores in an {@code .att} layer.
 */
public record Envelope(String payloadType, byte[] payload, List<Sig> signatures) {
    public static final String MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One signature; {@code keyid} may be empty, as cosign leaves it. */
    public record Sig(String keyid, byte[] sig) {
        public Sig {
            keyid = keyid == null ? "" : keyid;
            sig = sig.clone();
        }

        @Override
        public byte[] sig() {
            return sig.clone();
        }
    }

    public Envelope {
        Objects.requireNonNull(payloadType, "payloadType");
        payload = payload.clone();
        signatures = List.copyOf(signatures);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** PAE(type, body) = "DSSEv1" SP len(type) SP type SP len(body) SP body, lengths in ASCII decimal bytes. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    public byte[] pae() {
        return pae(payloadType, payload);
    }

    public byte[] toJson() {
        Base64.Encoder b64 = Base64.getEncoder();
        ObjectNode o = JSON.createObjectNode();
        o.put("payloadType", payloadType);
        o.put("payload", b64.encodeToString(payload));
        ArrayNode sigs = o.putArray("signatures");
        for (Sig s : signatures) {
            sigs.addObject().put("keyid", s.keyid()).put("sig", b64.encodeToString(s.sig()));
        }
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
    }

    public static Envelope parse(byte[] json) throws EnvelopeParseException {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (IOException e) {
            throw new EnvelopeParseException("not JSON: " + e.getMessage(), e);
        }
        if (o == null || !o.path("payloadType").isTextual() || !o.path("payload").isTextual()
                || !o.path("signatures").isArray()) {
            throw new EnvelopeParseException("needs payloadType, payload and signatures");
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            List<Sig> sigs = new ArrayList<>();
            for (JsonNode s : o.get("signatures")) {
                sigs.add(new Sig(s.path("keyid").asText(""), b64.decode(s.path("sig").asText())));
            }
            return new Envelope(o.get("payloadType").asText(), b64.decode(o.get("payload").asText()), sigs);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeParseException("payload or sig is not base64", e);
        }
    }
}
