package dev.bulwark.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A signed Debian-style archive served on 127.0.0.1: {@code dists/<suite>/InRelease}, {@code Release},
 * {@code dists/<suite>/<comp>/binary-<arch>/Packages[.xz|.gz|.zst]} and {@code pool/...}. Fault knobs change what is
 * served from then on, for bad-input and retry tests. ETag / Last-Modified are served and conditional GETs answered
 * with 304 while a file is unchanged.
 */
public final class FakeArchive implements AutoCloseable {
    private static final String PREFIX = "/debian/";

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<TestKey> signers;
    private final Map<String, Suite> suites;
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final Set<Compression> indexCompressions;
    private int generation;
    private int failRemaining;
    private int failStatus;

    private FakeArchive(Builder b) throws IOException {
        this.signers = new ArrayList<>();
        signers.add(b.signingKey);
        signers.addAll(b.extraSigners);
        this.suites = new TreeMap<>();
        this.indexCompressions = b.indexCompressions;
        b.content.forEach((suite, byComponent) -> suites.put(suite, publish(suite, byComponent, b)));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-archive");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static Builder builder(TestKey signingKey) {
        return new Builder(signingKey);
    }

    /** e.g. {@code http://127.0.0.1:PORT/debian/} */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PREFIX);
    }

    /** Changes one byte of the signed text of InRelease and keeps the signatures. */
    public synchronized void tamperInRelease(String suite) {
        String path = suite(suite).dir + "InRelease";
        byte[] bytes = served(path).bytes.clone();
        String text = new String(bytes, StandardCharsets.UTF_8);
        int at = text.indexOf(": ", text.indexOf("\n\n")) + 2;
        bytes[at] = (byte) (bytes[at] == 'X' ? 'Y' : 'X');
        put(path, bytes);
    }

    /** Serves the plain Release text as InRelease. */
    public synchronized void stripSignature(String suite) {
        Suite s = suite(suite);
        put(s.dir + "InRelease", s.release.getBytes(StandardCharsets.UTF_8));
    }

    /** Serves InRelease signed only by {@code key} (typically unknown to the client). */
    public synchronized void resignWith(String suite, TestKey key) {
        Suite s = suite(suite);
        put(s.dir + "InRelease", key.clearsign(s.release));
    }

    /** Serves an index whose bytes differ from the hash Release lists (same size). */
    public synchronized void corruptIndex(String suite, String comp, String arch, Compression c) {
        String path = suite(suite).dir + indexPath(comp, arch, c);
        put(path, flipMiddleByte(served(path).bytes));
    }

    /** Truncates an index and re-signs Release so its hash matches: the client must detect the broken stream. */
    public synchronized void truncateIndex(String suite, String comp, String arch, Compression c) {
        Suite s = suite(suite);
        String rel = indexPath(comp, arch, c);
        byte[] full = served(s.dir + rel).bytes;
        byte[] truncated = Arrays.copyOf(full, full.length / 2);
        s.listed.put(rel, truncated);
        put(s.dir + rel, truncated);
        sign(s, Indexes.release(s.name, s.archs, s.components, s.listed));
    }

    /** Serves different bytes (same size) for a pool file, named by pool path, file name or package name. */
    public synchronized void corruptDeb(String poolPathOrName) {
        String wanted = poolPathOrName.startsWith("/") ? poolPathOrName.substring(1) : poolPathOrName;
        String path = files.keySet().stream().filter(p -> p.startsWith("pool/")).sorted()
                .filter(p -> p.equals(wanted) || p.endsWith("/" + wanted) || fileName(p).startsWith(wanted + "_"))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pool file matches " + poolPathOrName));
        put(path, flipMiddleByte(files.get(path).bytes));
    }

    /** The next {@code n} requests are answered with {@code httpStatus} and no body. */
    public synchronized void failNext(int n, int httpStatus) {
        this.failRemaining = n;
        this.failStatus = httpStatus;
    }

    /**
     * The archive moves on: adds {@code deb} to {@code suite} (a new suite when it had none), re-publishes that
     * suite's indexes and signs its InRelease again, dated {@code date}. Other suites stay byte-identical, so a
     * conditional GET of their InRelease is still answered 304.
     */
    public synchronized void publishUpdate(String suite, String component, FakeDeb deb, Instant date) {
        Suite s = suites.get(suite);
        Map<String, List<FakeDeb>> content = new TreeMap<>();
        if (s != null) {
            s.content.forEach((comp, debs) -> content.put(comp, new ArrayList<>(debs)));
        }
        content.computeIfAbsent(component, k -> new ArrayList<>()).add(deb);
        List<String> archs = s != null ? s.archs : new ArrayList<>(suites.values().iterator().next().archs);
        suites.put(suite, publish(suite, content, archs, indexCompressions,
                DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atZone(ZoneOffset.UTC))));
    }

    /** Request log, e.g. {@code GET /debian/dists/trixie/InRelease [conditional]}. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private Suite publish(String name, Map<String, List<FakeDeb>> byComponent, Builder b) {
        return publish(name, byComponent, new ArrayList<>(b.archs), b.indexCompressions, Indexes.RELEASE_DATE);
    }

    private Suite publish(String name, Map<String, List<FakeDeb>> byComponent, List<String> archs,
            Set<Compression> indexCompressions, String date) {
        Suite s = new Suite(name, archs, new ArrayList<>(byComponent.keySet()));
        s.content.putAll(byComponent);
        for (Map.Entry<String, List<FakeDeb>> e : byComponent.entrySet()) {
            String comp = e.getKey();
            for (FakeDeb deb : e.getValue()) {
                put(Indexes.poolPath(comp, deb), deb.bytes());
            }
            for (String arch : s.archs) {
                List<FakeDeb> debs = e.getValue().stream()
                        .filter(d -> d.arch().equals(arch) || d.arch().equals("all")).toList();
                byte[] raw = Indexes.packages(comp, debs);
                s.listed.put(indexPath(comp, arch, Compression.NONE), raw);
                if (indexCompressions.contains(Compression.NONE)) {
                    put(s.dir + indexPath(comp, arch, Compression.NONE), raw);
                }
                for (Compression c : indexCompressions) {
                    if (c != Compression.NONE) {
                        byte[] packed = c.compress(raw);
                        s.listed.put(indexPath(comp, arch, c), packed);
                        put(s.dir + indexPath(comp, arch, c), packed);
                    }
                }
            }
        }
        sign(s, Indexes.release(name, s.archs, s.components, s.listed, date));
        return s;
    }

    private void sign(Suite s, String release) {
        s.release = release;
        put(s.dir + "Release", release.getBytes(StandardCharsets.UTF_8));
        put(s.dir + "InRelease", TestKey.clearsignAll(release, signers.toArray(TestKey[]::new)));
    }

    private void put(String path, byte[] bytes) {
        generation++;
        files.put(path, new Served(bytes, "\"" + Indexes.sha256(bytes).substring(0, 24) + "\"",
                Indexes.RELEASE_EPOCH + 60L * generation));
    }

    private Suite suite(String suite) {
        Suite s = suites.get(suite);
        if (s == null) {
            throw new IllegalArgumentException("fake archive has no suite " + suite + " (has " + suites.keySet() + ")");
        }
        return s;
    }

    private Served served(String path) {
        Served s = files.get(path);
        if (s == null) {
            throw new IllegalArgumentException("fake archive does not serve " + path);
        }
        return s;
    }

    private static String indexPath(String comp, String arch, Compression c) {
        return comp + "/binary-" + arch + "/Packages" + c.suffix();
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static byte[] flipMiddleByte(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length / 2] ^= 0x01;
        return copy;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
            boolean conditional = ifNoneMatch != null || ifModifiedSince != null;
            requests.add(exchange.getRequestMethod() + " " + path + (conditional ? " [conditional]" : ""));
            int forced = takeFailure();
            Served file = path.startsWith(PREFIX) ? files.get(path.substring(PREFIX.length())) : null;
            if (forced != 0 || file == null) {
                exchange.sendResponseHeaders(forced != 0 ? forced : 404, -1);
                return;
            }
            exchange.getResponseHeaders().set("ETag", file.etag);
            exchange.getResponseHeaders().set("Last-Modified", httpDate(file.lastModified));
            if (notModified(file, ifNoneMatch, ifModifiedSince)) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(file.bytes.length));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, file.bytes.length == 0 ? -1 : file.bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(file.bytes);
            }
        }
    }

    private synchronized int takeFailure() {
        if (failRemaining > 0) {
            failRemaining--;
            return failStatus;
        }
        return 0;
    }

    private static boolean notModified(Served file, String ifNoneMatch, String ifModifiedSince) {
        if (ifNoneMatch != null) {
            return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                    .anyMatch(tag -> tag.equals(file.etag) || tag.equals("*"));
        }
        if (ifModifiedSince != null) {
            try {
                long since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
                return file.lastModified <= since;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    private static String httpDate(long epochSecond) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(epochSecond).atZone(ZoneOffset.UTC));
    }

    private record Served(byte[] bytes, String etag, long lastModified) {
    }

    /** What one suite lists in its Release: paths relative to {@code dists/<suite>/} with their bytes. */
    private static final class Suite {
        final String name;
        final String dir;
        final List<String> archs;
        final List<String> components;
        final Map<String, byte[]> listed = new TreeMap<>();
        final Map<String, List<FakeDeb>> content = new TreeMap<>();
        String release;

        Suite(String name, List<String> archs, List<String> components) {
            this.name = name;
            this.dir = "dists/" + name + "/";
            this.archs = archs;
            this.components = components;
        }
    }

    /** Collects suites, packages and signers; {@link #start()} publishes and serves them. */
    public static final class Builder {
        private final TestKey signingKey;
        private final Map<String, Map<String, List<FakeDeb>>> content = new TreeMap<>();
        private final Set<String> archs = new LinkedHashSet<>();
        private final List<TestKey> extraSigners = new ArrayList<>();
        private Set<Compression> indexCompressions = new LinkedHashSet<>(List.of(Compression.XZ, Compression.GZIP));

        private Builder(TestKey signingKey) {
            this.signingKey = java.util.Objects.requireNonNull(signingKey, "signingKey");
        }

        /** Adds a package; its architecture comes from the deb, and "all" is listed in every arch's index. */
        public Builder add(String suite, String component, FakeDeb deb) {
            content.computeIfAbsent(suite, k -> new TreeMap<>()).computeIfAbsent(component, k -> new ArrayList<>())
                    .add(deb);
            return this;
        }

        /** Architectures with an index; default amd64 (plus any non-"all" arch of an added deb). */
        public Builder archs(String... names) {
            archs.clear();
            archs.addAll(List.of(names));
            return this;
        }

        /** Which Packages files are served; default XZ and GZIP. Release lists uncompressed Packages always. */
        public Builder indexCompression(Compression... c) {
            indexCompressions = new LinkedHashSet<>(List.of(c));
            return this;
        }

        public Builder extraSigners(TestKey... keys) {
            extraSigners.addAll(List.of(keys));
            return this;
        }

        public FakeArchive start() throws IOException {
            if (archs.isEmpty()) {
                archs.add("amd64");
            }
            content.values().forEach(byComp -> byComp.values().forEach(debs -> debs.stream()
                    .map(FakeDeb::arch).filter(a -> !a.equals("all")).forEach(archs::add)));
            return new FakeArchive(this);
        }
    }
}
