package dev.bulwark.debian.archive;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongConsumer;

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

    private final java.util.function.Supplier<HttpClient> clients;
    private final RetryPolicy retry;
    /** Where the standard client's own threads live (see {@link #close}); null for a client handed in. */
    private final ThreadGroup threads;
    private HttpClient client;

    public HttpTransport(HttpClient client, RetryPolicy retry) {
        this(() -> client, retry, null);
    }

    private HttpTransport(java.util.function.Supplier<HttpClient> clients, RetryPolicy retry, ThreadGroup threads) {
        this.clients = clients;
        this.retry = retry;
        this.threads = threads;
    }

    /**
     * The transport of the CLI. Its client is made at the first request over the network: creating one (with its TLS
     * context and trust store) costs about 0.05 s of CPU that a run served from the cache never needs.
     */
    public static HttpTransport standard() {
        return standard(RetryPolicy.standard());
    }

    /** The standard client (connect timeout, redirects, HTTP/1.1), made on first use, retrying as {@code retry} says. */
    @SuppressWarnings("removal")   // setDaemon: see below
    public static HttpTransport standard(RetryPolicy retry) {
        ThreadGroup threads = new ThreadGroup(ALL, "bulwark-http");
        // A daemon group is dropped from ALL once its last thread ends (Java 17 keeps other groups forever), so a
        // server or watch loop that makes a transport per request does not collect groups. Newer JDKs ignore the
        // flag and hold subgroups weakly, to the same effect.
        threads.setDaemon(true);
        return new HttpTransport(() -> madeIn(threads, () -> {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                    .followRedirects(HttpClient.Redirect.NORMAL).version(HttpClient.Version.HTTP_1_1);
            javax.net.ssl.SSLContext tls = DeferredTrust.context();
            return (tls == null ? b : b.sslContext(tls)).build();
        }), retry, threads);
    }

    /**
     * Makes the client on a thread of {@code group}: the client's selector thread joins the group of the thread that
     * makes it, which is how {@link #close} finds it (Java 17's HttpClient has no close of its own).
     */
    private static HttpClient madeIn(ThreadGroup group, java.util.function.Supplier<HttpClient> make) {
        java.util.concurrent.atomic.AtomicReference<Object> made = new java.util.concurrent.atomic.AtomicReference<>();
        Thread maker = new Thread(group, () -> {
            try {
                made.set(make.get());
            } catch (RuntimeException | Error e) {
                made.set(e);
            }
        }, "bulwark-http-client");
        maker.start();
        joinUninterruptibly(maker);
        if (made.get() instanceof RuntimeException e) {
            throw e;
        }
        if (made.get() instanceof Error e) {
            throw e;
        }
        return (HttpClient) made.get();
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the standard client's selector thread. It waits in a native select() for as long as the client lives, and
     * a JVM exiting with a thread in native code waits 0.3 s for it (Java 17's exit protocol): more than the rest of a
     * warm resolve's work after start. Interrupting the thread ends its loop; requests after close fail.
     */
    @Override
    public void close() {
        HttpClient made;
        synchronized (this) {
            made = client;
        }
        if (threads == null || made == null) {
            return;
        }
        // No join: the exit protocol polls every 10 ms, and the interrupted selector leaves select() at once. The
        // client's idle workers (same group) take an interrupt as a spurious wake-up.
        threads.interrupt();
    }

    /** The groups of every standard transport, so a command that did not close its own still exits at once. */
    private static final ThreadGroup ALL = new ThreadGroup("bulwark-http-all");

    /** Stops the selector threads of every standard transport (see {@link #close}); the CLI calls it before exit. */
    public static void stopAll() {
        ALL.interrupt();
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        ArchiveException last = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            sleep(retry.delayBefore(attempt));
            try {
                HttpResponse<InputStream> response = client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status == 304 && (etag != null || lastModified != null)) {
                    response.body().close();
                    return new Download(dest, true, -1, null, etag, lastModified);
                }
                if (status == 200) {
                    Download d = receive(uri, response.body(), dest, expect, progress);
                    return new Download(d.file(), false, d.size(), d.sha256(),
                            response.headers().firstValue("ETag").orElse(null),
                            response.headers().firstValue("Last-Modified").orElse(null));
                }
                response.body().close();
                if (status == 429 || status >= 500) {
                    last = new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": the server answered HTTP "
                            + status + " " + attempt + " time(s); try again later or use another --mirror");
                    Optional<String> after = response.headers().firstValue("Retry-After");
                    after.filter(s -> s.matches("\\d{1,3}")).ifPresent(s -> sleep(Duration.ofSeconds(Long.parseLong(s))));
                    continue;
                }
                if (status == 404) {
                    throw new NotFoundException(uri, "cannot fetch " + uri + ": the server answered HTTP 404 (not found:"
                            + " check the suite, component and architecture, and the mirror)", null);
                }
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": the server answered HTTP " + status);
            } catch (IOException e) {
                last = new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": " + describe(e) + " (after "
                        + attempt + " attempt(s)); check the network and the mirror (--mirror, BULWARK_MIRROR)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": interrupted", e);
            }
        }
        throw last;
    }

    private Download copyLocal(URI uri, Path dest, Expect expect, LongConsumer progress) throws ArchiveException {
        try (InputStream in = Files.newInputStream(Path.of(uri))) {
            return receive(uri, in, dest, expect, progress);
        } catch (NoSuchFileException e) {
            throw new NotFoundException(uri, "cannot fetch " + uri + ": no such file", e);
        } catch (IOException e) {
            throw new ArchiveException(Kind.ENVIRONMENT, "cannot fetch " + uri + ": " + describe(e), e);
        }
    }

    private Download receive(URI uri, InputStream body, Path dest, Expect expect, LongConsumer progress)
            throws IOException, ArchiveException {
        Files.createDirectories(dest.toAbsolutePath().getParent());
        Path temp = dev.bulwark.core.TempFiles.createFile(dest.toAbsolutePath().getParent(), dest.getFileName().toString());
        dev.bulwark.core.StreamingSha256 sha = new dev.bulwark.core.StreamingSha256();   // openssl past 512 KiB
        try {
            long size = 0;
            try (InputStream in = body; OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
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
