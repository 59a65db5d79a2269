package dev.bulwark.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.watch.Intervals;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

/** Reading what a request carries: its body (bounded), a JSON object of known fields, and query parameters. */
final class Requests {
    private Requests() {
    }

    /**
     * How much of a body that is too large is still read (and dropped) before the 413 is sent. A server that answers
     * and closes while the client is still sending makes the kernel reset the connection, and the client may then
     * lose the answer and see only a broken connection; past this much, that is the client's lot.
     */
    private static final long DRAINED = 1 << 20;

    /** The request body, at most {@code max} bytes: the declared length is checked first, then what arrives. */
    static String body(Context ctx, long max) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > max) {
                if (declared <= DRAINED) {
                    drain(in, declared);
                }
                throw tooLarge(max);
            }
            byte[] bytes = in.readNBytes((int) max + 1);
            if (bytes.length > max) {
                drain(in, DRAINED);
                throw tooLarge(max);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiError.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    /** Reads and drops at most {@code upTo} bytes of a body that is refused; a failure to read only ends it. */
    private static void drain(InputStream in, long upTo) {
        byte[] buffer = new byte[8192];
        try {
            for (long left = upTo; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException e) {
            // the answer is a 413 all the same
        }
    }

    private static ApiError tooLarge(long max) {
        return new ApiError(413, "the request body is larger than " + max + " bytes");
    }

    /**
     * The body as a JSON object with only {@code fields}; an empty body is an empty object. {@code usage} shows
     * what to send, e.g. {@code {"role": "read"}}.
     */
    static JsonNode object(String body, Set<String> fields, String usage) {
        if (body.isBlank()) {
            return ApiJson.parse("{}");
        }
        JsonNode n = ApiJson.parse(body);
        if (n == null || !n.isObject()) {
            throw ApiError.badRequest("cannot read the request body: it is not a JSON object; send " + usage);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!fields.contains(field)) {
                throw ApiError.badRequest("cannot read the request body: unknown field '" + field + "'; send " + usage);
            }
        }
        return n;
    }

    /** A string field of at most {@code max} characters; null when absent (or JSON null) and not required. */
    static String text(JsonNode body, String field, int max, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiError.badRequest("cannot read the request body: " + field + " is missing");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > max) {
            throw ApiError.badRequest("cannot read the request body: " + field + " is a non-empty string of at most "
                    + max + " characters");
        }
        return v.asText();
    }

    /** A build number from a query parameter: 1, 2, …, or {@code latest} (0) where allowed; absent is latest. */
    static int buildNumber(String value, String parameter, boolean latestAllowed) {
        if (value == null || (latestAllowed && value.equals("latest"))) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest("cannot read " + parameter + "=" + value + ": give a build number (1, 2, …)"
                + (latestAllowed ? " or latest" : ""));
    }

    /** An integer query parameter from {@code min} to {@code max}, {@code fallback} when absent. */
    static int integer(Context ctx, String parameter, int fallback, int min, int max) {
        String value = ctx.queryParam(parameter);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest("cannot read " + parameter + "=" + value + ": give a number from " + min + " to " + max);
    }

    /** A duration query parameter (90s, 24h, 7d, PT1H), {@code fallback} when absent. */
    static Duration duration(Context ctx, String parameter, String fallback) {
        String value = ctx.queryParam(parameter);
        try {
            return Intervals.parse(value == null ? fallback : value, parameter);
        } catch (CatalogException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }
}
