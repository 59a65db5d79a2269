package dev.bulwark.core;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 of a stream of unknown length. The first {@value #SPILL_AT} bytes are kept; a stream that ends within them
 * is hashed here, a longer one is handed, from its first byte, to the host's {@code openssl dgst -sha256 -binary}
 * (see {@link Sha256#hex(java.util.List)} for why: C1 hashes at ~90 MB/s, OpenSSL with the SHA instructions at
 * ~1 GB/s, and on a cold build the layers' digests were half of the JVM's own CPU). Without openssl, or when it cannot
 * be started, everything is hashed here. Once openssl has the bytes it must answer: a failure is a
 * {@link HashToolException} rather than a guess. Not thread-safe.
 */
public final class StreamingSha256 {
    /** Below this, starting openssl (about 4 ms of CPU) costs more than hashing here (~6 ms for 512 KiB). */
    static final int SPILL_AT = 1 << 19;
    private static final long TIMEOUT_SECONDS = 600;
    /** Ends the openssl of a stream dropped without {@link #digest()} or {@link #abandon()} once it is collected. */
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    /** Whether long streams go to the host's openssl (looked up, and tested, only when a stream first gets long). */
    private final boolean nativeAllowed;
    /** The openssl a test gives, or null for the host's. */
    private final java.nio.file.Path tool;
    private MessageDigest inJava;
    private byte[] head = new byte[8192];
    private int headLength;
    private Process process;
    private OutputStream toProcess;
    private byte[] result;

    public StreamingSha256() {
        this(true);
    }

    /** With {@code nativeAllowed} false, always hashes in Java: for streams known to be small, and tests. */
    public StreamingSha256(boolean nativeAllowed) {
        this(nativeAllowed, null);
    }

    /** Hands long streams to {@code tool} (null: none); tests give a tool that fails. */
    StreamingSha256(java.nio.file.Path tool) {
        this(tool != null, tool);
    }

    private StreamingSha256(boolean nativeAllowed, java.nio.file.Path tool) {
        this.nativeAllowed = nativeAllowed;
        this.tool = tool;
        if (!nativeAllowed) {
            toJava();   // nothing to keep: hash as the bytes come
        }
    }

    public void update(byte b) throws IOException {
        if (result != null) {
            throw new IllegalStateException("digest already taken");
        }
        if (inJava != null) {
            inJava.update(b);
        } else if (toProcess != null) {
            toOpenssl(new byte[] {b}, 0, 1);
        } else {
            update(new byte[] {b}, 0, 1);
        }
    }

    public void update(byte[] b, int off, int len) throws IOException {
        if (result != null) {
            throw new IllegalStateException("digest already taken");
        }
        if (inJava != null) {
            inJava.update(b, off, len);
        } else if (toProcess != null) {
            toOpenssl(b, off, len);
        } else if (headLength + len <= SPILL_AT) {
            keep(b, off, len);
        } else {
            spill();
            update(b, off, len);
        }
    }

    private void toOpenssl(byte[] b, int off, int len) throws HashToolException {
        try {
            toProcess.write(b, off, len);
        } catch (IOException e) {
            throw new HashToolException("cannot hash with openssl dgst -sha256: it stopped taking input ("
                    + e.getMessage() + ")", e);
        }
    }

    private void keep(byte[] b, int off, int len) {
        if (headLength + len > head.length) {
            head = Arrays.copyOf(head, Math.max(head.length * 2, headLength + len));
        }
        System.arraycopy(b, off, head, headLength, len);
        headLength += len;
    }

    private void toJava() {
        inJava = Sha256.newDigest();
        if (head != null) {
            inJava.update(head, 0, headLength);
        }
        head = null;
    }

    /** Starts openssl with what was kept; if there is none or it cannot start, the rest is hashed here. */
    private void spill() {
        java.nio.file.Path openssl = tool != null ? tool : NativeSha256.openssl();
        if (openssl == null) {
            toJava();
            return;
        }
        try {
            process = NativeSha256.process(openssl, java.util.List.of("dgst", "-sha256", "-binary"),
                    ProcessBuilder.Redirect.PIPE);
            Process started = process;
            CLEANER.register(this, started::destroyForcibly);
            toProcess = process.getOutputStream();
            toProcess.write(head, 0, headLength);
            head = null;
        } catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            process = null;
            toProcess = null;
            toJava();
        }
    }

    /** The SHA-256 of everything given; later calls return the same bytes. */
    public byte[] digest() throws HashToolException {
        if (result != null) {
            return result.clone();
        }
        if (toProcess == null) {
            if (inJava == null) {
                toJava();
            }
            result = inJava.digest();
            return result.clone();
        }
        try {
            toProcess.close();
            byte[] answer;
            try (InputStream in = process.getInputStream()) {
                answer = in.readNBytes(33);
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0 || answer.length != 32) {
                throw new HashToolException("cannot hash with openssl dgst -sha256 (exit " + (process.isAlive() ? "none" : process.exitValue())
                        + ", " + answer.length + " bytes of output)", null);
            }
            result = answer;
            return result.clone();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HashToolException("interrupted while openssl hashed", e);
        } catch (HashToolException e) {
            throw e;
        } catch (IOException e) {
            throw new HashToolException("cannot hash with openssl dgst -sha256: " + e.getMessage(), e);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Whether an openssl was started for this stream and still runs (tests). */
    boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops a running openssl when the stream is abandoned; harmless after {@link #digest()}. */
    public void abandon() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
