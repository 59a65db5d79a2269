package dev.bulwark.server;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.server.api.ApiServer;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.server.auth.RateLimiter;
import dev.bulwark.server.dashboard.Dashboard;
import dev.bulwark.server.reference.OutsideReferences;
import dev.bulwark.server.tls.PemKeyPair;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * {@code bulwark serve}: the REST API over a catalog, on HTTP or (given a certificate and key) HTTPS. Started with
 * {@link #start}, stopped with {@link #close}; {@link #awaitStop} blocks until then.
 */
public final class BulwarkServer implements AutoCloseable {
    /** Jetty and Javalin report through SLF4J into java.util.logging; only their warnings concern a user. */
    private static final List<Logger> QUIET = List.of(Logger.getLogger("org.eclipse.jetty"), Logger.getLogger("io.javalin"));

    private final Javalin app;
    private final OutsideReferences references;
    private final boolean tls;
    private final String host;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private BulwarkServer(Javalin app, OutsideReferences references, boolean tls, String host) {
        this.app = app;
        this.references = references;
        this.tls = tls;
        this.host = host;
    }

    /**
     * Starts serving the catalog at {@code location}. A catalog that cannot be opened because of bad input (not a
     * database, a newer schema) stops the start; one whose database is unreachable is logged and retried on each
     * request, which answers 503 meanwhile.
     */
    public static BulwarkServer start(ServerConfig config, CatalogLocation location, Duration busyTimeout, Clock clock,
            PrintStream log) throws BulwarkException {
        return start(config, location, busyTimeout, clock, RegistryOptions.defaults(), log);
    }

    /** As above, the dashboard reading evidence from registries with {@code registry}'s options. */
    public static BulwarkServer start(ServerConfig config, CatalogLocation location, Duration busyTimeout, Clock clock,
            RegistryOptions registry, PrintStream log) throws BulwarkException {
        return start(config, location, busyTimeout, clock, registry, OutsideReferences.none(), log);
    }

    /**
     * As above, letting dashboard and API compare images with the operator's allowed {@code references} (read when
     * first compared, never at start); the server closes them when it stops.
     */
    public static BulwarkServer start(ServerConfig config, CatalogLocation location, Duration busyTimeout, Clock clock,
            RegistryOptions registry, OutsideReferences references, PrintStream log) throws BulwarkException {
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
        RateLimiter limiter = new RateLimiter(config.ratePerSecond(), config.rateBurst(), System::nanoTime);
        ApiServer api = ApiServer.create(location, busyTimeout, clock, limiter, config.allowAnonymousRead(),
                config.maxBodyBytes(), references, log);
        try {
            api.openCatalog();
        } catch (CatalogException e) {
            if (e.kind() != Kind.ENVIRONMENT) {
                throw e;
            }
            log.println("bulwark serve: " + e.getMessage() + " (serving anyway; requests get 503 until it can be opened)");
            log.flush();
        }
        PemKeyPair pair = config.tls() ? PemKeyPair.read(config.tlsCert(), config.tlsKey()) : null;
        Dashboard dashboard = Dashboard.create(location, busyTimeout, clock, registry, references, limiter,
                config.cookiesSecure(), log);
        Javalin app = Javalin.create(c -> configure(c, config, api, dashboard, pair));
        try {
            app.start();
        } catch (RuntimeException e) {
            references.close();
            throw new ServerException(Kind.ENVIRONMENT, "cannot listen on " + config.listen().host() + ":"
                    + config.listen().port() + ": " + rootMessage(e) + "; choose another --listen address", e);
        }
        return new BulwarkServer(app, references, config.tls(), config.listen().host());
    }

    public int port() {
        return app.port();
    }

    /** The API's base address, e.g. {@code https://127.0.0.1:8443/api/v1}. */
    public URI apiUri() {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        return URI.create((tls ? "https" : "http") + "://" + shown + ":" + port() + ApiServer.BASE);
    }

    /** The dashboard's address, e.g. {@code https://127.0.0.1:8443/ui}. */
    public URI dashboardUri() {
        String api = apiUri().toString();
        return URI.create(api.substring(0, api.length() - ApiServer.BASE.length()) + Dashboard.BASE);
    }

    /** Every API route the server answers, as {@code METHOD PATH} (the tests compare them with the OpenAPI document). */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.path.startsWith(ApiServer.BASE + "/"))
                .map(e -> e.endpoint.method.name().toUpperCase(Locale.ROOT) + " " + e.endpoint.path)
                .sorted().toList();
    }

    /** Blocks until {@link #close} is called (from a shutdown hook, say). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        try {
            app.stop();
            references.close();
        } finally {
            stopped.countDown();
        }
    }

    private static void configure(JavalinConfig c, ServerConfig config, ApiServer api, Dashboard dashboard,
            PemKeyPair pair) {
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.http.maxRequestSize = config.maxBodyBytes();
        // No route takes multipart bodies (the dashboard refuses them); should one be read, it stays within the same
        // limit and in memory, never spooled to disk.
        c.jetty.multipartConfig.maxTotalRequestSize(config.maxBodyBytes(), SizeUnit.BYTES);
        c.jetty.multipartConfig.maxFileSize(config.maxBodyBytes(), SizeUnit.BYTES);
        c.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, config.maxBodyBytes()),
                SizeUnit.BYTES);
        c.http.defaultContentType = "application/json";
        api.configure(c);
        dashboard.register(c.routes);
        c.jetty.modifyHttpConfiguration(h -> h.setSendServerVersion(false));
        if (pair == null) {
            c.jetty.host = config.listen().host();
            c.jetty.port = config.listen().port();
        } else {
            c.jetty.addConnector((server, http) -> httpsConnector(server, http, config.listen(), pair));
        }
    }

    private static ServerConnector httpsConnector(Server server, HttpConfiguration http, Listen listen, PemKeyPair pair) {
        // The key store lives only in memory; its password guards nothing, so a random one per start will do.
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        char[] password = Base64.getEncoder().encodeToString(random).toCharArray();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        try {
            ssl.setKeyStore(pair.keyStore(password));
        } catch (ServerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        ssl.setKeyStorePassword(new String(password));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(listen.host());
        connector.setPort(listen.port());
        return connector;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
