package dev.bulwark.catalog.store;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A webhook receiver on 127.0.0.1 for tests: answers each POST with the next scripted status (200 once the
 * script runs out; {@link #HANG} sleeps past any client timeout) and keeps every request it got.
 */
final class Receiver implements AutoCloseable {
    static final int HANG = -1;

    /** One request as received: lower-case header names. */
    record Request(Map<String, String> headers, byte[] body, int answered) {
    }

    private final HttpServer server;
    private final Deque<Integer> script = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = new ArrayList<>();

    Receiver(Integer... statuses) throws IOException {
        script.addAll(List.of(statuses));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            Integer next = script.poll();
            int status = next == null ? 200 : next;
            synchronized (requests) {
                requests.add(new Request(headers, body, status));
            }
            if (status == HANG) {
                try {
                    Thread.sleep(9000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
