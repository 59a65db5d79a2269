package dev.bulwark.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 TCP proxy on 127.0.0.1 in front of a local server, for testing clients against failures. It records
 * every request as {@code METHOD path} (query left off) and applies faults to requests that match a method and a
 * path pattern ({@link Pattern#find}): drop the connection after forwarding N bytes of the request body, or answer
 * with a status and headers (e.g. 503, or 429 with {@code Retry-After}) instead of forwarding. Each fault applies
 * to a number of matching requests, after skipping some. Only loopback traffic; stops on close.
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private record Fault(String method, Pattern path, AtomicInteger skip, AtomicInteger times, long dropAfter,
                         int status, Map<String, String> headers) {
        boolean take(String m, String p) {
            if (!method.equals(m) || !path.matcher(p).find()) {
                return false;
            }
            if (skip.getAndDecrement() > 0) {
                return false;
            }
            return times.getAndDecrement() > 0;
        }
    }

    private FaultProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /** Starts a proxy to {@code 127.0.0.1:targetPort}. */
    public static FaultProxy start(int targetPort) throws IOException {
        FaultProxy p = new FaultProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
        Thread t = new Thread(p::acceptLoop, "fault-proxy-accept");
        t.setDaemon(true);
        t.start();
        return p;
    }

    /** {@code 127.0.0.1:PORT}, to use as the registry host. */
    public String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** After letting {@code skip} matching requests through, cuts the next {@code times} after {@code bytes} of their body. */
    public void dropAfter(String method, String pathPattern, long bytes, int skip, int times) {
        faults.add(new Fault(method, Pattern.compile(pathPattern), new AtomicInteger(skip), new AtomicInteger(times),
                bytes, 0, Map.of()));
    }

    /** After letting {@code skip} matching requests through, answers the next {@code times} with this status. */
    public void respond(String method, String pathPattern, int status, Map<String, String> headers, int skip, int times) {
        faults.add(new Fault(method, Pattern.compile(pathPattern), new AtomicInteger(skip), new AtomicInteger(times),
                -1, status, Map.copyOf(headers)));
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Every request seen, in order, as {@code METHOD path}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many requests had this method and a path in which the pattern is found. */
    public int count(String method, String pathPattern) {
        Pattern p = Pattern.compile(pathPattern);
        return (int) requests.stream().filter(r -> r.startsWith(method + " ") && p.matcher(r.substring(method.length() + 1)).find())
                .count();
    }

    public void resetCounts() {
        requests.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            open.add(upstream);
            Thread back = new Thread(() -> pump(upstream, client), "fault-proxy-back");
            back.setDaemon(true);
            back.start();
            InputStream in = new BufferedInputStream(client.getInputStream(), 65536);
            OutputStream up = upstream.getOutputStream();
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String[] line = text.substring(0, text.indexOf("\r\n")).split(" ");
                String method = line[0];
                String path = line.length > 1 ? line[1].replaceFirst("\\?.*", "") : "";
                requests.add(method + " " + path);
                long length = contentLength(text);
                boolean chunked = text.toLowerCase(Locale.ROOT).contains("\ntransfer-encoding: chunked");
                Fault fault = faults.stream().filter(f -> f.take(method, path)).findFirst().orElse(null);
                if (fault != null && fault.status() > 0) {
                    copyBody(in, OutputStream.nullOutputStream(), length, chunked, -1);
                    answer(client.getOutputStream(), fault);
                    return;
                }
                up.write(head);
                if (!copyBody(in, up, length, chunked, fault == null ? -1 : fault.dropAfter())) {
                    return; // dropped mid-body: both sockets close here
                }
                up.flush();
            }
        } catch (IOException e) {
            // a connection ending badly is the point of this proxy
        } finally {
            open.remove(client);
        }
    }

    private static void answer(OutputStream out, Fault fault) throws IOException {
        StringBuilder b = new StringBuilder("HTTP/1.1 ").append(fault.status()).append(" Injected\r\n")
                .append("Content-Length: 0\r\nConnection: close\r\n");
        fault.headers().forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        out.write(b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Copies a body; returns false when it stopped after {@code dropAfter} bytes (>= 0) on purpose. */
    private static boolean copyBody(InputStream in, OutputStream out, long length, boolean chunked, long dropAfter)
            throws IOException {
        if (chunked) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in);
                raw.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int size = Integer.parseInt(sizeLine.replaceFirst(";.*", "").trim(), 16);
                if (size == 0) {
                    for (String t = readLine(in); !t.isEmpty(); t = readLine(in)) {
                        raw.write((t + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                    raw.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    break;
                }
                raw.write(in.readNBytes(size + 2));
            }
            byte[] all = raw.toByteArray();
            if (dropAfter >= 0 && dropAfter < all.length) {
                out.write(all, 0, (int) dropAfter);
                out.flush();
                return false;
            }
            out.write(all);
            return true;
        }
        long left = Math.max(0, length);
        long sent = 0;
        byte[] buf = new byte[16384];
        while (left > 0) {
            int want = (int) Math.min(buf.length, left);
            if (dropAfter >= 0) {
                if (sent >= dropAfter) {
                    out.flush();
                    return false;
                }
                want = (int) Math.min(want, dropAfter - sent);
            }
            int n = in.read(buf, 0, want);
            if (n < 0) {
                throw new IOException("client closed mid-body");
            }
            out.write(buf, 0, n);
            left -= n;
            sent += n;
        }
        return dropAfter < 0 || length <= dropAfter;
    }

    private static long contentLength(String head) {
        for (String h : head.split("\r\n")) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Long.parseLong(h.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    /** The request line and headers up to and including the blank line; null at a clean end of stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
                    : c == '\r' ? 1 : 0;
        }
        return b.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        throw new IOException("unexpected end of chunked body");
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ignored) {
            // the other side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : new ArrayList<>(open)) {
            closeQuietly(s);
        }
    }
}
