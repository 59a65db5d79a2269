package dev.bulwark.oci.transport.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.internal.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Talks HTTP to one registry host: authenticates (anonymous, Basic, or a Bearer token from the
 * {@code WWW-Authenticate} challenge's realm, cached per scope), retries transient failures (no response,
 * 5xx, 429 with {@code Retry-After}) with backoff, and turns permanent ones into {@link RegistryException}s
 * with the registry's own error code and message. Plain HTTP is used only for loopback hosts or when
 * {@code insecure}. With {@code confinedAuth} a token realm must be HTTPS when the registry is, and gets the
 * credentials only when it is on the registry's own host. Redirects are followed here ({@link Redirects}), and
 * credentials go only to the origin they are for: a blob served from a CDN or an upload sent to a storage host
 * travels without the registry's token. No answer is waited for without end ({@link Timeouts}), and of an error
 * answer at most 64 KiB is read. Thread-safe.
 */
public final class RegistryClient {
    private static final Set<Integer> TRANSIENT = Set.of(408, 429, 500, 502, 503, 504);

    private final String host;
    private final URI base;
    private final Credentials credentials;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final boolean confinedAuth;
    private final Timeouts timeouts;
    private final Map<String, String> authorization = new ConcurrentHashMap<>();
    private volatile Challenge challenge;

    /** {@code credentials} may be null (anonymous). */
    public RegistryClient(String host, boolean insecure, Credentials credentials, RetryPolicy retry) {
        this(host, insecure, credentials, retry, false);
    }

    /** As above; {@code confinedAuth} for registries the operator does not run (see the class comment). */
    public RegistryClient(String host, boolean insecure, Credentials credentials, RetryPolicy retry,
                          boolean confinedAuth) {
        this(host, insecure, credentials, retry, confinedAuth, Timeouts.standard());
    }

    /** As above, with other time limits (tests). */
    RegistryClient(String host, boolean insecure, Credentials credentials, RetryPolicy retry, boolean confinedAuth,
                   Timeouts timeouts) {
        this.confinedAuth = confinedAuth;
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.host = Objects.requireNonNull(host, "host");
        this.base = URI.create((insecure || isLoopback(host) ? "http://" : "https://") + host);
        this.credentials = credentials;
        this.retry = Objects.requireNonNull(retry, "retry");
        // NEVER: the JDK's own following would copy the Authorization header to whatever host a redirect names
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeouts.connect()).build();
    }

    public String host() {
        return host;
    }

    /**
     * One request: what it does (for messages), the auth scope it needs, how to build it, which statuses are fine,
     * and whether it moves a blob's bytes ({@code bulk}: its answer may take as long as bytes keep coming, and a
     * request with a body has no time limit). {@code request} builds the request afresh, body included, each time it
     * is called: for each try and for each redirect followed, so a body is always sent again whole.
     */
    public record Call(String what, String scope, Supplier<HttpRequest.Builder> request, Set<Integer> ok,
                       boolean bulk) {
        public Call {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(request, "request");
            ok = Set.copyOf(ok);
        }

        /** A call for a small answer (a manifest, a HEAD, a token): limited to {@link Timeouts#answer()} in all. */
        public Call(String what, String scope, Supplier<HttpRequest.Builder> request, Set<Integer> ok) {
            this(what, scope, request, ok, false);
        }
    }

    /** The absolute URI of a path on this registry, or {@code location} resolved against it (upload URLs). */
    public URI uri(String pathOrLocation) {
        return base.resolve(pathOrLocation);
    }

    /**
     * Sends the call, retrying transient failures; returns a response whose status is in {@code ok}.
     * The caller closes the body.
     */
    public HttpResponse<InputStream> send(Call call) throws RegistryException {
        return send(call, retry.attempts());
    }

    /**
     * Sends the call once (an authentication round trip aside): for steps of an upload, which cannot be repeated
     * alone and are retried as a whole by the caller. A transient failure is a {@link RegistryException} whose
     * {@link RegistryException#isTransient()} is true.
     */
    public HttpResponse<InputStream> sendOnce(Call call) throws RegistryException {
        return send(call, 1);
    }

    public RetryPolicy retryPolicy() {
        return retry;
    }

    private HttpResponse<InputStream> send(Call call, int attempts) throws RegistryException {
        boolean reauthenticated = false;
        for (int attempt = 1; ; attempt++) {
            String auth = reauthenticated ? authorization.get(String.valueOf(call.scope())) : headerFor(call);
            HttpResponse<InputStream> response;
            try {
                response = exchange(call, auth, base);
            } catch (IOException e) {
                dev.bulwark.oci.BlobMismatchException mismatch = dev.bulwark.oci.BlobMismatchException.in(e);
                if (mismatch != null) {
                    // What we sent does not match its digest: sending it again cannot help.
                    throw new RegistryException(dev.bulwark.core.BulwarkException.Kind.ENVIRONMENT,
                            mismatch.getMessage(), 0, null, false, null, e);
                }
                if (e instanceof InterruptedIOException || attempt >= attempts) {
                    throw unreachable(call, attempt, e);
                }
                pause(call, attempt, null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(call, 0, "interrupted", null, true, e);
            }
            int status = response.statusCode();
            if (call.ok().contains(status)) {
                if (!call.bulk()) {
                    ResponseBody.limit(response.body());
                }
                return response;
            }
            if (status == 401 && !Redirects.sameOrigin(response.request().uri(), base)) {
                // A host a redirect led to (a CDN, a storage bucket) gets no say in how this registry authenticates:
                // its challenge would send the user's credentials, and then its token, where it points.
                drain(response);
                throw failure(call, status, "the registry redirected to " + response.request().uri().getHost()
                        + ", which asked for authentication (HTTP 401); credentials are only sent to the registry "
                        + "itself", "UNAUTHORIZED", false, null);
            }
            if (status == 401 && !reauthenticated) {
                String header = response.headers().firstValue("WWW-Authenticate").orElse(null);
                drain(response);
                reauthenticated = true;
                authenticate(call, header);
                attempt--;
                continue;
            }
            ErrorBody error = ErrorBody.read(response);
            if (TRANSIENT.contains(status) && attempt < attempts) {
                pause(call, attempt, retryAfter(response));
                continue;
            }
            throw failure(call, status, error.describe(status), error.code(), TRANSIENT.contains(status),
                    retryAfter(response), null);
        }
    }

    /** Sends the call and closes the response; for HEAD, PUT and DELETE whose body does not matter. */
    public HttpResponse<InputStream> sendAndClose(Call call) throws RegistryException {
        HttpResponse<InputStream> r = send(call);
        drain(r);
        return r;
    }

    /** The Authorization header for a call, learnt from an earlier challenge; null before any challenge. */
    private String headerFor(Call call) throws RegistryException {
        String key = String.valueOf(call.scope());
        String cached = authorization.get(key);
        Challenge c = challenge;
        if (cached != null || c == null) {
            return cached;
        }
        if (c.scheme().equals("basic") && credentials != null) {
            authorization.put(key, credentials.basicHeader());
        } else if (c.scheme().equals("bearer")) {
            Map<String, String> params = new java.util.HashMap<>(c.params());
            params.remove("scope");
            authorization.put(key, "Bearer " + token(call, new Challenge(c.scheme(), params)));
        }
        return authorization.get(key);
    }

    private void authenticate(Call call, String header) throws RegistryException {
        Challenge c = header == null ? challenge : Challenge.parse(header);
        if (c == null) {
            throw failure(call, 401, "the registry requires authentication but sent no WWW-Authenticate challenge",
                    "UNAUTHORIZED", false, null);
        }
        challenge = c;
        String key = String.valueOf(call.scope());
        switch (c.scheme()) {
            case "basic" -> {
                if (credentials == null) {
                    throw failure(call, 401, "the registry requires a user name and password; pass --creds USER:PASS"
                            + " or --authfile FILE, or log in with 'podman login' / 'docker login'", "UNAUTHORIZED",
                            false, null);
                }
                authorization.put(key, credentials.basicHeader());
            }
            case "bearer" -> authorization.put(key, "Bearer " + token(call, c));
            default -> throw failure(call, 401, "the registry asks for unsupported authentication '" + c.scheme() + "'",
                    "UNAUTHORIZED", false, null);
        }
    }

    private String token(Call call, Challenge c) throws RegistryException {
        String realm = c.param("realm");
        if (realm == null) {
            throw failure(call, 401, "the registry's bearer challenge names no realm", "UNAUTHORIZED", false, null);
        }
        boolean sendCredentials = credentials != null && (!confinedAuth || sameHost(call, realm));
        StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        if (c.param("service") != null) {
            q.append("service=").append(enc(c.param("service"))).append('&');
        }
        String scope = c.param("scope") != null ? c.param("scope") : call.scope();
        if (scope != null) {
            q.append("scope=").append(enc(scope));
        }
        URI tokenUri = URI.create(q.toString());
        Call tokenCall = new Call("get a registry token from " + realm, null,
                () -> HttpRequest.newBuilder(tokenUri).GET(), Set.of(200));
        // the realm's own origin only: a realm that redirects elsewhere does not pass the password on
        HttpResponse<InputStream> r = sendUnauthenticated(tokenCall, sendCredentials ? credentials.basicHeader() : null,
                tokenUri);
        try (InputStream in = r.body()) {
            JsonNode json = Json.read(in.readNBytes(1 << 20), "token response");
            String token = Json.text(json, "token") != null ? Json.text(json, "token") : Json.text(json, "access_token");
            if (token == null || token.isEmpty()) {
                throw failure(call, 401, "the token service answered without a token", "UNAUTHORIZED", false, null);
            }
            return token;
        } catch (IOException | OciException e) {
            throw failure(call, 0, "cannot read the token service's answer: " + e.getMessage(), null, true, e);
        }
    }

    /** Whether a confined client may send the credentials to {@code realm} ({@link TokenRealm#check}); fails if refused. */
    private boolean sameHost(Call call, String realm) throws RegistryException {
        try {
            return TokenRealm.check(base, realm);
        } catch (IllegalArgumentException e) {
            throw failure(call, 401, e.getMessage(), "UNAUTHORIZED", false, null);
        }
    }

    /** Sends a call outside the registry's own authentication (a token request); {@code basic} only to {@code origin}. */
    private HttpResponse<InputStream> sendUnauthenticated(Call call, String basic, URI origin)
            throws RegistryException {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<InputStream> r = exchange(call, basic, origin);
                if (r.statusCode() == 200) {
                    ResponseBody.limit(r.body());
                    return r;
                }
                ErrorBody error = ErrorBody.read(r);
                if (TRANSIENT.contains(r.statusCode()) && attempt < retry.attempts()) {
                    pause(call, attempt, retryAfter(r));
                    continue;
                }
                String hint = r.statusCode() == 401 ? " (wrong user name or password?)" : "";
                throw failure(call, r.statusCode(), error.describe(r.statusCode()) + hint,
                        error.code() == null ? "UNAUTHORIZED" : error.code(), false, null);
            } catch (IOException e) {
                if (attempt >= retry.attempts()) {
                    throw unreachable(call, attempt, e);
                }
                pause(call, attempt, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(call, 0, "interrupted", null, true, e);
            }
        }
    }

    /**
     * One request and the redirects it meets, followed here: {@code authorization} (may be null) goes only to the
     * hops on {@code origin}'s scheme, host and port, so a CDN, a storage bucket or an upload host elsewhere never
     * sees it. Returns the first answer that is not a redirect to follow.
     */
    private HttpResponse<InputStream> exchange(Call call, String authorization, URI origin)
            throws IOException, InterruptedException, RegistryException {
        URI at = null;
        for (int redirects = 0; ; redirects++) {
            HttpRequest plain = call.request().get().build();
            HttpRequest.Builder b = HttpRequest.newBuilder(plain,
                    (name, value) -> !name.equalsIgnoreCase("Authorization"));
            if (at == null) {
                at = plain.uri();
            } else {
                b.uri(at);
            }
            if (authorization != null && Redirects.sameOrigin(at, origin)) {
                b.setHeader("Authorization", authorization);
            }
            if (!call.bulk() || plain.bodyPublisher().map(p -> p.contentLength() == 0).orElse(true)) {
                // until the answer's headers; its body is limited by ResponseBody. An upload's body may take long.
                b.timeout(timeouts.answer());
            }
            String who = Redirects.sameOrigin(at, base) ? "registry " + hostAndPort()
                    : at.getHost() + ":" + Redirects.port(at) + " (for registry " + hostAndPort() + ")";
            HttpResponse<InputStream> r = http.send(b.build(), ResponseBody.handler(who, timeouts));
            String location = r.headers().firstValue("Location").orElse(null);
            if (!Redirects.isRedirect(r.statusCode(), location)) {
                return r;
            }
            drain(r);
            if (redirects == Redirects.MAX) {
                throw failure(call, r.statusCode(), "more than " + Redirects.MAX + " redirects (the last to " + location
                        + "); check the registry's address", null, false, null);
            }
            try {
                at = Redirects.target(at, plain.method(), r.statusCode(), location);
            } catch (IllegalArgumentException e) {
                throw failure(call, r.statusCode(), e.getMessage(), null, false, null);
            }
        }
    }

    /** Waits before try {@code attempt + 1} of something the caller repeats itself. */
    public void pause(String what, int attempt, Duration retryAfter) throws RegistryException {
        pause(new Call(what, null, () -> null, Set.of()), attempt, retryAfter);
    }

    private void pause(Call call, int attempt, Duration retryAfter) throws RegistryException {
        try {
            Thread.sleep(retry.backoff(attempt, retryAfter).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(call, 0, "interrupted", null, true, e);
        }
    }

    private static Duration retryAfter(HttpResponse<?> r) {
        String v = r.headers().firstValue("Retry-After").orElse(null);
        if (v == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim())));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: fall back to our own backoff
        }
    }

    /** A connection that failed before any HTTP answer: names the host, the port and the cause in one line. */
    private RegistryException unreachable(Call call, int attempts, IOException e) {
        if (e instanceof java.net.http.HttpTimeoutException && !(e instanceof java.net.http.HttpConnectTimeoutException)) {
            return new RegistryException(Kind.ENVIRONMENT, "cannot " + call.what() + ": registry " + hostAndPort()
                    + " sent no answer within " + Timeouts.words(timeouts.answer()) + " (" + attempts
                    + (attempts == 1 ? " attempt" : " attempts") + ")", 0, null, true, null, e);
        }
        String message = "cannot reach registry " + hostAndPort() + ": " + networkCause(e) + " (" + attempts
                + (attempts == 1 ? " attempt" : " attempts") + " to " + call.what() + ")";
        return new RegistryException(Kind.ENVIRONMENT, message, 0, null, true, null, e);
    }

    private String hostAndPort() {
        return base.getPort() >= 0 ? host : host + ":" + ("https".equals(base.getScheme()) ? 443 : 80);
    }

    /** What went wrong on the wire, in words: the JDK's exceptions often carry no message at all. */
    static String networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return "timed out";
            }
            if (t instanceof java.net.ConnectException) {
                return t.getMessage() == null || t.getMessage().isBlank() ? "connection refused"
                        : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            }
            if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                return "unknown host";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS failed (" + t.getMessage() + "); for a plain-HTTP registry pass --insecure";
            }
            if (t instanceof java.nio.channels.ClosedChannelException || t instanceof java.io.EOFException) {
                return "the connection was closed";
            }
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private RegistryException failure(Call call, int status, String detail, String code, boolean transientFailure,
                                      Throwable cause) {
        return failure(call, status, detail, code, transientFailure, null, cause);
    }

    private RegistryException failure(Call call, int status, String detail, String code, boolean transientFailure,
                                      Duration retryAfter, Throwable cause) {
        Kind kind = switch (status) {
            case 400, 404 -> Kind.BAD_INPUT;
            default -> Kind.ENVIRONMENT;
        };
        String hint = status == 401 && credentials != null && !detail.contains("wrong") ? " (wrong user name or password?)"
                : status == 403 ? " (the credentials lack permission for this repository)" : "";
        return new RegistryException(kind, "cannot " + call.what() + ": " + detail + hint, status, code,
                transientFailure, retryAfter, cause);
    }

    /**
     * Reads and drops an answer's body, at most {@value ResponseBody#DRAIN_MAX} bytes within the answer limit, so a
     * short one leaves its connection for the next request; a longer one is cut and its connection dropped.
     */
    static void drain(HttpResponse<InputStream> r) {
        ResponseBody.readAtMost(r, ResponseBody.DRAIN_MAX);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static boolean isLoopback(String hostAndPort) {
        String h = hostAndPort.startsWith("[") ? hostAndPort.substring(1, hostAndPort.indexOf(']'))
                : hostAndPort.replaceFirst(":[0-9]+$", "");
        if (h.equals("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            return false; // never resolve names here: a DNS answer must not decide to drop TLS
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
