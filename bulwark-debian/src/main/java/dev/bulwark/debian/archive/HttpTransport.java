package dev.bulwark.debian.archive;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.function.LongConsumer;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches archive files over http(s) or from {@code file:} mirrors into a destination path, hashing on the way.
 * Bytes land in a temp file beside the destination and are renamed into place only when the caller's expectations
 * (size, SHA-256) hold, so a failed or interrupted download never leaves a half-written file.
 */
public final class HttpTransport implements AutoCloseable {

    /**
     * Expected size and SHA-256 of a file, either of which may be unknown (negative size, null hash), and the most
     * bytes to accept when the size is unknown (negative: no limit).
     */
    public record Expect(long size, String sha256, long max) {
        public static final Expect NOTHING = new Expect(-1, null, -1);

        public Expect(long size, String sha256) {
            this(size, sha256, -1);
        }
    }

    /** Redirects followed for one request, as many as Java's own HTTP client follows. */
    static final int MAX_REDIRECTS = 5;
    private static final int CONNECT_TIMEOUT_MS = 20_000;
    /** The longest a mirror may go silent, before the answer or in the middle of a body, before the attempt fails. */
    private static final int READ_TIMEOUT_MS = 120_000;

    private final RetryPolicy retry;
    private volatile boolean closed;
    /** The most of an error or redirect answer's body read (so its connection can be reused); a longer one is cut. */
    private static final long DRAIN_MAX = 64 * 1024;
    private SSLSocketFactory tls;
    private boolean tlsMade;

    /**
     * A transport over the JDK's blocking {@link HttpURLConnection}, which keeps connections alive per host. For the
     * few dozen files of a build it costs a fraction of the CPU of {@code java.net.http.HttpClient} (python3's 29
     * .debs: 0.25 against 0.75 s of CPU in a fresh JVM, half the time), and it has no selector thread to stop.
     */
    public HttpTransport(RetryPolicy retry) {
        this.retry = retry;
    }

    /** The transport of the CLI: {@link RetryPolicy#standard()}. */
    public static HttpTransport standard() {
        return standard(RetryPolicy.standard());
    }

    /** A transport retrying as {@code retry} says (connect timeout 20 s, a silent mirror fails after 2 minutes). */
    public static HttpTransport standard(RetryPolicy retry) {
        return new HttpTransport(retry);
    }

    /**
     * Refuses requests after it; a transfer in flight goes on to its end (or its read timeout): {@link
     * HttpURLConnection} reads do not see interrupts, and its disconnect from another thread drains the body instead
     * of cutting it. Idle kept-alive connections close on their own.
     */
    @Override
    public void close() {
        closed = true;
    }

    /**
     * The TLS sockets, made at the first https request: the default trust store is loaded at the first handshake
     * ({@link DeferredTrust}), which a run against a plain-http mirror (the common apt setup) never makes.
     */
    private synchronized SSLSocketFactory tls() {
        if (!tlsMade) {
            javax.net.ssl.SSLContext context = DeferredTrust.context();
            tls = context == null ? null : context.getSocketFactory();
            tlsMade = true;
        }
        return tls;
    }

    /**
     * GETs {@code uri} into {@code dest}. With an etag or last-modified value, the request is conditional and a 304
     * answer leaves {@code dest} as it is.
     */
    public Download get(URI uri, Path dest, Expect expect, String etag, String lastModified, LongConsumer progress)
            throws ArchiveException {
        if ("file".equals(uri.getScheme())) {
            return copyLocal(uri, dest, expect, progress);
        }
        ArchiveException last = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            sleep(retry.delayBefore(attempt));
            if (Thread.currentThread().isInterrupted()) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": interrupted");
            }
            if (closed) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": the transport was closed");
            }
            HttpURLConnection c = null;
            try {
                c = open(uri, etag, lastModified);
                int status = c.getResponseCode();
                if (status < 100) {
                    throw new IOException("the server's answer has no valid HTTP status line");
                }
                if (status == 304 && (etag != null || lastModified != null)) {
                    discard(c);
                    return new Download(dest, true, -1, null, etag, lastModified);
                }
                if (status == 200) {
                    String newEtag = c.getHeaderField("ETag");
                    String newLastModified = c.getHeaderField("Last-Modified");
                    Download d = receive(uri, c.getInputStream(), c.getContentLengthLong(), dest, expect, progress);
                    return new Download(d.file(), false, d.size(), d.sha256(), newEtag, newLastModified);
                }
                String after = c.getHeaderField("Retry-After");
                discard(c);
                if (status == 429 || status >= 500) {
                    last = new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": the server answered HTTP "
                            + status + " " + attempt + " time(s); try again later or use another --mirror");
                    if (after != null && after.matches("\\d{1,3}")) {
                        sleep(Duration.ofSeconds(Long.parseLong(after)));
                    }
                    continue;
                }
                if (status == 404) {
                    throw new NotFoundException(uri, "cannot fetch " + uri + ": the server answered HTTP 404 (not found:"
                            + " check the suite, component and architecture, and the mirror)", null);
                }
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": the server answered HTTP " + status);
            } catch (IOException e) {
                if (c != null) {
                    c.disconnect();   // a failed exchange may have left the connection in any state: not reused
                }
                if (Thread.currentThread().isInterrupted() || closed
                        || e instanceof java.io.InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) {
                    Thread.currentThread().interrupt();
                    throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": interrupted", e);
                }
                last = new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": " + describe(e) + " (after "
                        + attempt + " attempt(s)); check the network and the mirror (--mirror, BULWARK_MIRROR)", e);
            }
        }
        throw last;
    }

    /**
     * The connection that answers {@code uri}, its status read, after following redirects as Java's HTTP client does
     * by default: any number up to {@value #MAX_REDIRECTS}, but never from https to http.
     */
    private HttpURLConnection open(URI uri, String etag, String lastModified) throws IOException, ArchiveException {
        URI at = uri;
        for (int redirects = 0; ; redirects++) {
            if (!"http".equals(at.getScheme()) && !"https".equals(at.getScheme())) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": it redirects to " + at
                        + ", which is not http(s)");
            }
            if (at.getHost() == null || at.getHost().isEmpty()) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": it redirects to " + at
                        + ", which names no host");
            }
            HttpURLConnection c = (HttpURLConnection) at.toURL().openConnection();
            if (c instanceof HttpsURLConnection https && tls() != null) {
                https.setSSLSocketFactory(tls());
            }
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout(READ_TIMEOUT_MS);
            c.setUseCaches(false);
            if (etag != null) {
                c.setRequestProperty("If-None-Match", etag);
            }
            if (lastModified != null) {
                c.setRequestProperty("If-Modified-Since", lastModified);
            }
            int status = c.getResponseCode();
            String location = c.getHeaderField("Location");
            if (!(status == 301 || status == 302 || status == 303 || status == 307 || status == 308) || location == null) {
                return c;
            }
            discard(c);
            if (redirects == MAX_REDIRECTS) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": more than " + MAX_REDIRECTS
                        + " redirects; check the mirror");
            }
            URI next;
            try {
                next = at.resolve(new URI(location));
            } catch (java.net.URISyntaxException e) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": it redirects to a malformed "
                        + "location", e);
            }
            if ("https".equals(at.getScheme()) && "http".equals(next.getScheme())) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": it redirects from https to "
                        + "http (" + next + "), which is not followed; use an http mirror or fix the redirect");
            }
            at = next;
        }
    }

    /**
     * Reads and drops an answer's body, so its connection can serve the next request; a body longer than
     * {@value #DRAIN_MAX} bytes is not read to its end: the connection is closed instead.
     */
    private static void discard(HttpURLConnection c) {
        InputStream error = c.getErrorStream();
        try (InputStream in = error != null ? error : c.getInputStream()) {
            if (in != null) {
                byte[] buffer = new byte[8192];
                long left = DRAIN_MAX;
                for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                    left -= n;
                }
                if (left == 0 && in.read() >= 0) {
                    c.disconnect();
                }
            }
        } catch (IOException e) {
            c.disconnect();
        }
    }

    private Download copyLocal(URI uri, Path dest, Expect expect, LongConsumer progress) throws ArchiveException {
        try (InputStream in = Files.newInputStream(Path.of(uri))) {
            return receive(uri, in, -1, dest, expect, progress);
        } catch (NoSuchFileException e) {
            throw new NotFoundException(uri, "cannot fetch " + uri + ": no such file", e);
        } catch (IOException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": " + describe(e), e);
        }
    }

    /**
     * Writes {@code body} to a temp file beside {@code dest}, hashing it, and moves it into place once the
     * expectations hold. {@code announced} is the length the server gave (negative: none): a body that ends short
     * of it was cut off, an I/O failure that is retried, never bytes to judge.
     */
    private Download receive(URI uri, InputStream body, long announced, Path dest, Expect expect, LongConsumer progress)
            throws IOException, ArchiveException {
        Files.createDirectories(dest.toAbsolutePath().getParent());
        Path temp = dev.bulwark.core.TempFiles.createFile(dest.toAbsolutePath().getParent(), dest.getFileName().toString());
        dev.bulwark.core.StreamingSha256 sha = new dev.bulwark.core.StreamingSha256();   // openssl past 512 KiB
        try {
            long size = 0;
            try (InputStream in = body; OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new java.io.InterruptedIOException("interrupted");   // a blocking read would go on
                    }
                    if (expect.max() >= 0 && size + n > expect.max()) {
                        throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": it is larger than "
                                + expect.max() + " bytes, far more than such a file can be; the mirror is misbehaving");
                    }
                    if (expect.size() >= 0 && size + n > expect.size()) {
                        throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": the server sent more than the "
                                + expect.size() + " bytes the index promises; the mirror may be out of sync or tampered with");
                    }
                    out.write(buffer, 0, n);
                    sha.update(buffer, 0, n);
                    size += n;
                    if (progress != null) {
                        progress.accept(n);
                    }
                }
            }
            if (announced >= 0 && size != announced) {
                throw new IOException("the connection ended after " + size + " of the " + announced + " bytes the "
                        + "server announced");
            }
            String hex = Hex.encode(sha.digest());
            if (expect.size() >= 0 && size != expect.size()) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": got " + size + " bytes, the index says "
                        + expect.size() + "; the download was cut short or the mirror is out of sync");
            }
            if (expect.sha256() != null && !expect.sha256().equals(hex)) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": SHA-256 is " + hex + ", the index says "
                        + expect.sha256() + "; the file was not kept (a mirror out of sync, or tampering)");
            }
            dev.bulwark.core.TempFiles.replace(temp, dest);
            return new Download(dest, false, size, hex, null, null);
        } catch (dev.bulwark.core.HashToolException e) {
            // Not the network's fault, and another attempt would meet the same tool: said as it is, not retried.
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot check the SHA-256 of " + uri + ": " + e.getMessage()
                    + "; the host's openssl failed while hashing it (try 'openssl dgst -sha256' on any file); nothing"
                    + " was kept", e);
        } finally {
            sha.abandon();
            Files.deleteIfExists(temp);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    static MessageDigest sha256() {
        return dev.bulwark.core.Sha256.newDigest();
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
