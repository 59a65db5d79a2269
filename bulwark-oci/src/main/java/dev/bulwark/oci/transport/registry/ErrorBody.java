package dev.bulwark.oci.transport.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.internal.Json;
import java.io.InputStream;
import java.net.http.HttpResponse;

/** The distribution API's error body: {@code {"errors":[{"code":…,"message":…,"detail":…}]}}. */
record ErrorBody(String code, String message) {
    static ErrorBody read(HttpResponse<InputStream> r) {
        // a hostile registry may send an endless body: 64 KiB is far more than any real error says
        byte[] b = ResponseBody.readAtMost(r, ResponseBody.DRAIN_MAX);
        try {
            JsonNode first = Json.readTree(b, "registry error").path("errors").path(0);
            return new ErrorBody(Json.text(first, "code"), Json.text(first, "message"));
        } catch (OciException | RuntimeException e) {
            return new ErrorBody(null, null);
        }
    }

    String describe(int status) {
        if (code == null) {
            return "the registry answered HTTP " + status;
        }
        return "the registry answered HTTP " + status + " " + code + (message == null ? "" : ": " + message);
    }
}
