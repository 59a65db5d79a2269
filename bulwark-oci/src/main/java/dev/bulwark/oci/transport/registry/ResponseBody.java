package dev.bulwark.oci.transport.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A registry answer's body as a stream that never waits forever: a read fails once the registry has sent nothing
 * for {@code silence}, and, after {@link #limit}, once the answer has taken longer than {@code answer} in all.
 * The JDK's own {@code ofInputStream} body waits without end, so a registry that stalls would hang a pull.
 * Closing it before its end drops the connection rather than reading the rest.
 */
final class ResponseBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    /** The most of an error, redirect or unwanted answer's body read; a longer one is cut, its connection dropped. */
    static final int DRAIN_MAX = 64 << 10;
    /** Queued after the last bytes (or a failure); compared by identity. */
    private static final List<ByteBuffer> END = Collections.unmodifiableList(new ArrayList<>());

    /** Who answers, for messages: {@code registry HOST:PORT}, or another host and the registry it serves. */
    private final String source;
    private final Duration silence;
    private final Duration answer;
    private final BlockingQueue<List<ByteBuffer>> arrived = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean completed;
    private volatile boolean closed;
    private volatile Throwable failure;
    /** {@link System#nanoTime()} by which the whole answer must have come; only once {@link #limited}. */
    private volatile long deadline;
    private volatile boolean limited;
    private Iterator<ByteBuffer> buffers = Collections.emptyIterator();
    private ByteBuffer current;
    private boolean ended;

    private ResponseBody(String source, Duration silence, Duration answer) {
        this.source = source;
        this.silence = silence;
        this.answer = answer;
    }

    /** Bodies for answers from {@code source} (as messages name it) with these limits. */
    static HttpResponse.BodyHandler<InputStream> handler(String source, Timeouts timeouts) {
        return info -> new ResponseBody(source, timeouts.silence(), timeouts.answer());
    }

    /** From now on, the rest of {@code body} must come within the answer limit; other streams are left as they are. */
    static void limit(InputStream body) {
        if (body instanceof ResponseBody b && !b.limited) {
            b.deadline = System.nanoTime() + b.answer.toNanos();
            b.limited = true;
        }
    }

    /**
     * At most {@code max} bytes of an answer's body, read within the answer limit; then the body is closed (a longer
     * one is cut, its connection dropped). A body that fails or stalls yields what came before.
     */
    static byte[] readAtMost(HttpResponse<InputStream> r, int max) {
        InputStream in = r.body();
        limit(in);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (in) {
            byte[] buffer = new byte[8192];
            int n;
            while (out.size() < max && (n = in.read(buffer, 0, Math.min(buffer.length, max - out.size()))) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException ignored) {
            // an error answer's status is what matters; its body is only a detail
        }
        return out.toByteArray();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (subscription != null) {
            s.cancel();
            return;
        }
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        arrived.add(items);
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
        completed = true;
        arrived.add(END);
    }

    @Override
    public void onComplete() {
        completed = true;
        arrived.add(END);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("the answer of " + source + " was already closed");
        }
        if (len == 0) {
            return 0;
        }
        ByteBuffer buffer = buffer();
        if (buffer == null) {
            return -1;
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    /** The buffer to read from next, waiting for the registry if need be; null at the end. */
    private ByteBuffer buffer() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) {
                if (failure != null) {
                    throw failure instanceof IOException e ? new IOException(e.getMessage(), e)
                            : new IOException("cannot read the answer of " + source + ": " + failure, failure);
                }
                return null;
            }
            List<ByteBuffer> next = next();
            if (next == END) {
                ended = true;
            } else {
                buffers = next.iterator();
                subscription.request(1);
            }
        }
        return current;
    }

    private List<ByteBuffer> next() throws IOException {
        long wait = silence.toNanos();
        boolean byDeadline = false;
        if (limited && deadline - System.nanoTime() < wait) {
            wait = deadline - System.nanoTime();
            byDeadline = true;
        }
        List<ByteBuffer> next;
        try {
            next = wait > 0 ? arrived.poll(wait, TimeUnit.NANOSECONDS) : arrived.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while reading the answer of " + source);
        }
        if (next == null) {
            close();
            throw new HttpTimeoutException(byDeadline
                    ? source + " took longer than " + Timeouts.words(answer) + " to answer; the connection was dropped"
                    : source + " went silent for " + Timeouts.words(silence)
                    + " in the middle of its answer; the connection was dropped");
        }
        return next;
    }

    /** Before the end, cancels the body: the JDK then closes the connection instead of reading on. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null && !completed) {
            s.cancel();
        }
        arrived.offer(END);
    }
}
