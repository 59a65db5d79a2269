package dev.bulwark.attest.signers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.attest.internal.Json;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.DigestParseException;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The payload cosign signs for an image (Red Hat "simple signing" as cosign writes it): the manifest digest,
 * the docker reference, and optional annotations. Only the digest is checked on verification, as cosign does.
 */
public record SimpleSigning(String dockerReference, Digest manifestDigest, Map<String, String> optional) {
    public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String TYPE = "cosign container image signature";

    public SimpleSigning {
        Objects.requireNonNull(dockerReference, "dockerReference");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        optional = java.util.Collections.unmodifiableMap(new TreeMap<>(optional == null ? Map.of() : optional));
    }

    /** The bytes to sign, field for field as cosign marshals them ({@code "optional":null} when empty). */
    public byte[] toJson() {
        ObjectNode o = Json.object();
        ObjectNode critical = o.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest.toString());
        critical.put("type", TYPE);
        if (optional.isEmpty()) {
            o.putNull("optional");
        } else {
            ObjectNode opt = o.putObject("optional");
            optional.forEach(opt::put);
        }
        return Json.compact(o);
    }

    public static SimpleSigning parse(byte[] json) throws IOException {
        ObjectNode o = Json.readObject(json);
        if (o == null) {
            throw new IOException("the signed payload is not a JSON object");
        }
        JsonNode critical = o.path("critical");
        if (!TYPE.equals(critical.path("type").asText())) {
            throw new IOException("the signed payload's type is not '" + TYPE + "'");
        }
        Digest digest;
        try {
            digest = Digest.parse(critical.path("image").path("docker-manifest-digest").asText());
        } catch (DigestParseException e) {
            throw new IOException("the signed payload has no valid docker-manifest-digest", e);
        }
        Map<String, String> opt = new TreeMap<>();
        o.path("optional").fields().forEachRemaining(e -> opt.put(e.getKey(), e.getValue().asText()));
        return new SimpleSigning(critical.path("identity").path("docker-reference").asText(""), digest, opt);
    }
}
