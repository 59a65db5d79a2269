package dev.bulwark.oci.transport.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An in-process HTTP server on 127.0.0.1 and a port of its own (so two of them are two origins), recording each
 * request as {@code METHOD path Authorization} ("-" when there was none), for the registry client's tests.
 */
final class LoopbackServer implements AutoCloseable {
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // a handler that never ends its answer must not hold up the next request
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Answers requests under {@code path} with {@code handler}, after recording them. */
    LoopbackServer on(String path, HttpHandler handler) {
        server.createContext(path, ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + (auth == null ? "-" : auth));
            handler.handle(ex);
        });
        return this;
    }

    /** {@code 127.0.0.1:PORT}, as a registry host. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String origin() {
        return "http://" + host();
    }

    /** Every request so far, as {@code METHOD path Authorization}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    static void answer(HttpExchange ex, int status, byte[] body) throws IOException {
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
        if (!head) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
