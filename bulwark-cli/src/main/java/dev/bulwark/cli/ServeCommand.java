package dev.bulwark.cli;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.core.text.Escape;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.Listen;
import dev.bulwark.server.ServerConfig;
import dev.bulwark.server.reference.AllowedReference;
import dev.bulwark.server.reference.OutsideReferences;
import dev.bulwark.server.reference.ReferenceReader;
import dev.bulwark.builder.api.AdvisorySelection;
import dev.bulwark.scan.advisory.AdvisorySource;
import dev.bulwark.oci.transport.RegistryOptions;
import java.util.ArrayList;
import java.util.List;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code bulwark serve}: the REST API over the catalog, until stopped (Ctrl-C or SIGTERM). */
@Command(name = "serve",
        header = "Serve the catalog's REST API (/api/v1) and dashboard (/ui) to token holders.",
        description = {"Serves the catalog under /api/v1 as JSON (GET /api/v1/openapi.yaml describes it), until "
                + "stopped with Ctrl-C or SIGTERM. Every request but /health needs 'Authorization: Bearer TOKEN' "
                + "with a token from 'bulwark tokens create'. Bodies are limited to 64 KiB; each token (or client "
                + "address, without one) to --rate-limit requests a second. The dashboard at /ui logs in with such a token "
                + "and shows the fleet, each image's packages, vulnerabilities and evidence (read from the registries "
                + "the builds were published to, with --insecure, --creds and --authfile as other verbs take them).",
                "", "Its compare page (and GET /api/v1/images/NAME/compare?with=ref:REFNAME) can also set an image "
                + "against a reference outside the catalog, but only one the operator allowed with --compare-with "
                + "REFNAME=REF: users pick it by name and never give an address. Nothing is read at start; the first "
                + "comparison reads it (digests and sizes verified, packages from its dpkg database, scanned with the "
                + "advisories 'catalog add' uses: the database from 'bulwark advisories update', else the archive's "
                + "changelogs) and keeps it by digest, looking a tag up again at most every 10 minutes. References are read "
                + "without --creds and --insecure (those are for the catalog's registries): only with the auth file's "
                + "entry for the reference's own host, and over HTTPS unless the host is loopback."},
        footer = {"", "Examples:",
                "  bulwark tokens create --role read --name dashboard",
                "  bulwark serve --listen 127.0.0.1:8080",
                "  bulwark serve --compare-with plain=docker://HOST/debian:trixie",
                "  bulwark serve --listen :8443 --tls-cert cert.pem --tls-key key.pem \\",
                "      --catalog postgresql://bulwark@db/catalog"},
        mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
    @Mixin
    CatalogOptions catalogOptions;
    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:8080",
            description = "Where to listen: HOST:PORT, [IPV6]:PORT or :PORT for every interface (default: "
                    + "${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen;
    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS with this PEM certificate chain "
            + "(leaf first); needs --tls-key.")
    Path tlsCert;
    @Option(names = "--tls-key", paramLabel = "FILE", description = "The certificate's unencrypted PKCS#8 PEM key.")
    Path tlsKey;
    @Option(names = "--secure-cookies", description = "Mark the dashboard's session cookie Secure although this "
            + "server speaks plain HTTP: use it behind a proxy or Ingress that serves HTTPS and forwards HTTP here "
            + "(with --tls-cert the cookie is Secure anyway; X-Forwarded-Proto is never trusted).")
    boolean secureCookies;
    @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "" + (int) ServerConfig.DEFAULT_RATE,
            description = "Requests a second each caller may make, in bursts of twice that (default: ${DEFAULT-VALUE}).")
    int rateLimit;
    @Option(names = "--allow-anonymous-read", description = "Let GET requests through without a token.")
    boolean anonymousRead;
    @Option(names = "--worker", negatable = true, description = "Run a build worker in this process, which carries "
            + "out the queued rebuilds (default: on with an SQLite catalog; off with PostgreSQL, where 'bulwark "
            + "worker' processes do).")
    Boolean worker;
    @Option(names = "--compare-with", paramLabel = "NAME=REF", description = "Allow comparing images with REF "
            + "(docker://HOST/REPO:TAG or @sha256:…, or oci:DIR[:TAG]; archives are refused: unpack one to oci:DIR "
            + "first) as ref:NAME on the compare page and in the API; repeatable. NAME is a short slug. Read when "
            + "first compared, never at start.")
    List<String> compareWith = new ArrayList<>();
    @Mixin
    WorkerWiring wiring;
    @picocli.CommandLine.Spec
    CommandSpec self;
    private PrintStream log;

    @Override
    public Integer call() throws BulwarkException, InterruptedException {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot serve HTTPS: give both --tls-cert and --tls-key");
        }
        if (rateLimit < 1) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot serve with --rate-limit " + rateLimit + ": give 1 or more");
        }
        ServerConfig config = ServerConfig.of(Listen.parse(listen)).withAnonymousRead(anonymousRead)
                .withRate(rateLimit, 2 * rateLimit).withSecureCookies(secureCookies);
        if (tlsCert != null) {
            config = config.withTls(tlsCert, tlsKey);
        }
        List<AllowedReference> allowed = new ArrayList<>();
        for (String c : compareWith) {
            allowed.add(AllowedReference.parse(c));
        }
        PrintWriter out = self.commandLine().getOut();
        log = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        var registry = wiring.registryOptions.toOptions(Progress.NONE);
        OutsideReferences references = OutsideReferences.of(allowed, new ReferenceReader(referenceRegistry(),
                wiring.archiveOptions.cacheDir(), this::advisories, Clock.systemUTC()), Clock.systemUTC(),
                OutsideReferences.WAIT, OutsideReferences.DEADLINE, log::println);
        BulwarkServer server = BulwarkServer.start(config, catalogOptions.location(), CatalogOptions.timeout(),
                Clock.systemUTC(), registry, references, log);
        dev.bulwark.catalog.db.CatalogLocation location = catalogOptions.location();
        boolean inProcess = worker != null ? worker : !(location instanceof dev.bulwark.catalog.db.CatalogLocation.Postgres);
        dev.bulwark.catalog.worker.Worker jobs = inProcess ? wiring.start(location, WorkerWiring.settings(1,
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(1), null),
                WorkerCommand.escaped(ConsoleProgress.standard(false))) : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (jobs != null) {
                jobs.close();
            }
        }, "bulwark-serve-stop"));
        out.println("serving " + server.apiUri() + " and the dashboard at " + server.dashboardUri() + " (catalog "
                + Escape.text(location.display()) + (anonymousRead ? "; anonymous reads allowed" : "")
                + (inProcess ? "; building queued rebuilds in-process" : "; rebuilds are left to 'bulwark worker'")
                + (allowed.isEmpty() ? "" : "; comparing with " + Escape.text(String.join(", ", allowed.stream()
                        .map(r -> "ref:" + r.name() + " = " + r.shown()).toList())))
                + ")");
        out.flush();
        server.awaitStop();
        return 0;
    }

    /** How references are read: never with --creds or --insecure, which are for the catalog's own registries. */
    RegistryOptions referenceRegistry() {
        return wiring.registryOptions.outside();
    }

    /** The advisories a reference is scanned with: those 'catalog add' picks without --advisories. */
    private List<AdvisorySource> advisories(String arch) throws BulwarkException {
        var selected = AdvisorySelection.select(List.of(), wiring.archiveOptions.cacheDir(), System.getenv(),
                Clock.systemUTC(), () -> wiring.archiveOptions.checkWorkspace(List.of()), arch, Progress.NONE);
        selected.notes().forEach(n -> log.println("bulwark serve: scanning " + arch + " references: " + n));
        return selected.sources();
    }
}
