package dev.bulwark.server.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals, made before a request reaches the API (a URI it cannot parse, headers over its limit, a
 * method it does not take), answered as the API answers errors: {@code {"error": "…", "status": N}}, never an HTML
 * page.
 */
public final class JsonErrors extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        byte[] body = ApiJson.error(code, message(code, message)).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** A message the HTTP parser rejected (431, 400, 414, …): the connection closes after this body. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(ApiJson.error(status, message(status, reason)).getBytes(StandardCharsets.UTF_8));
    }

    static String message(int status, String reason) {
        String detail = reason == null || reason.isBlank() ? "" : ": " + reason;
        return switch (status) {
            case 400 -> "the request cannot be read" + detail;
            case 405 -> "the method is not allowed here" + detail;
            case 413 -> "the request body is too large" + detail;
            case 414 -> "the request URI is too long" + detail;
            case 431 -> "the request headers are too large" + detail + "; send fewer or shorter headers";
            default -> status >= 500 ? "the server failed to answer" + detail
                    : String.format(Locale.ROOT, "the request was refused (HTTP %d)%s", status, detail);
        };
    }
}
