package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.auth.Tokens;
import dev.bulwark.testkit.LocalRegistry;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium through chromedriver, headless): an image really built from
 * the fake archive and published with its SBOMs to a real registry, amid a fleet with a CVE history. Logs in with
 * a token, finds the image, opens its vulnerabilities, downloads its SPDX SBOM and checks the bytes are the blob
 * the registry holds; compares python3 with a plainer image pushed to the registry and never catalogued, which
 * {@code serve --compare-with} allows; keeps screenshots of the fleet view, the CVE chart and the comparison in
 * target/dashboard-screenshots.
 */
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "dashboard-screenshots");

    @TempDir
    Path dir;

    @Test
    void browser_logsIn_findsAnImage_opensItsVulnerabilities_andDownloadsItsSbom() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            Tools.missing("chromium and chromedriver (Debian packages chromium, chromium-driver) are not installed");
        }
        if (!LocalRegistry.available()) {
            Tools.missing(LocalRegistry.BINARY + " (Debian package docker-registry) is not installed");
        }
        Path db = dir.resolve("catalog.db");
        try (FakeArchiveCli fake = new FakeArchiveCli(dir); LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"))) {
            String target = "docker://" + registry.host() + "/python3:1";
            // --no-scan: the test records python3's scan itself below (the findings the pages must show).
            CliRun add = fake.run("catalog", "add", fake.pythonSpec().toString(), "--catalog", db.toString(), "--publish",
                    target, "--insecure", "--no-scan");
            assertThat(add.exitCode()).as(add.err()).isZero();
            CatalogDatabase database = CatalogDatabase.open(new CatalogLocation.SqliteFile(db), Duration.ofSeconds(10));
            Catalog catalog = new Catalog(database, Clock.systemUTC());
            Instant now = Instant.now();
            DashboardFleet.seed(catalog, 12, 6, now);
            DashboardFleet.recordScan(database, "python3", 1, now, List.of(
                    new Vulnerability("CVE-2026-4802", "libc6", "2.41-12", "2.41-12+deb13u1", "high"),
                    new Vulnerability("CVE-2026-5117", "zlib1g", "1:1.3.dfsg-3", null, "medium")));
            String token = new Tokens(database, Clock.systemUTC(), new SecureRandom()).create(Role.BUILD, "browser")
                    .secret();
            String sbomBlob = spdxBlobDigest(catalog, target);
            String plain = plainReference(fake, registry);

            Process serve = new ProcessBuilder(Processes.javaCommand("serve", "--listen", "127.0.0.1:0", "--catalog",
                    db.toString(), "--no-worker", "--insecure", "--compare-with", "plain=" + plain, "--mirror",
                    fake.archive.baseUrl().toString(), "--cache", fake.cache.toString()))
                    .redirectError(dir.resolve("serve.err").toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = out.readLine();
                assertThat(line).as(Files.readString(dir.resolve("serve.err"))).startsWith("serving http://127.0.0.1:")
                        .contains("comparing with ref:plain = " + plain);
                URI dashboard = URI.create(line.replaceFirst(".* the dashboard at (\\S+) .*", "$1"));
                browse(dashboard, token, sbomBlob, catalog.build("python3", 1).compressedBytes());
            } finally {
                serve.destroy();
                boolean stopped = serve.waitFor(30, TimeUnit.SECONDS);
                if (!stopped) {
                    serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // never leave a server behind
                }
                assertThat(stopped).as("serve stops on SIGTERM").isTrue();
            }
        }
    }

    /**
     * A plainer, bigger image from the same fake archive, pushed to the registry and never catalogued: python3 with
     * tzdata and dpkg (which the catalogued python3 leaves out); an advisory database with a CVE in each of glibc
     * (fixed in the security suite the build takes libc6 from), zlib1g and dpkg, as the reference's scan reads it.
     */
    private String plainReference(FakeArchiveCli fake, LocalRegistry registry) throws Exception {
        Path spec = fake.spec("plain.yaml", """
                name: plain
                distribution: trixie
                archs: [amd64, arm64]
                keyrings: [archive.gpg]
                packages: [python3, tzdata, dpkg]
                """);
        String ref = "docker://" + registry.host() + "/plain:1";
        CliRun built = fake.run("build", spec.toString(), "--output", ref, "--insecure");
        assertThat(built.exitCode()).as(built.err()).isZero();
        Path tracker = Files.writeString(dir.resolve("tracker.json"), """
                {"glibc": {"CVE-2026-4802": {"releases": {"trixie": {"status": "resolved",
                  "fixed_version": "2.41-12+deb13u1", "urgency": "high", "repositories": {"trixie": "2.41-12"}}}}},
                 "zlib1g": {"CVE-2026-5117": {"releases": {"trixie": {"status": "open", "urgency": "medium",
                  "repositories": {"trixie": "1:1.3.dfsg-3"}}}}},
                 "dpkg": {"CVE-2026-6001": {"releases": {"trixie": {"status": "open", "urgency": "low",
                  "repositories": {"trixie": "1.22.21"}}}}}}
                """);
        CliRun update = FakeArchiveCli.runRaw("advisories", "--cache", fake.cache.toString(), "update", "--from",
                tracker.toString());
        assertThat(update.exitCode()).as(update.err()).isZero();
        return ref;
    }

    private void browse(URI dashboard, String token, String sbomBlob, long python3Bytes) throws Exception {
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        Files.createDirectories(SHOTS);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1300,1800", "--user-data-dir=" + dir.resolve("profile"))
                .setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                        "download.prompt_for_download", false));
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath",
                    downloads.toString()));
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(dashboard.toString());
            assertThat(driver.getCurrentUrl()).endsWith("/ui/login");
            driver.findElement(By.id("token")).sendKeys(token);
            driver.findElement(By.id("login")).click();
            wait.until(d -> d.findElements(By.id("image-count")).size() == 1);
            assertThat(driver.getCurrentUrl()).endsWith("/ui").doesNotContain(token);
            assertThat(driver.findElement(By.id("image-count")).getText()).isEqualTo("13");
            assertThat(driver.manage().getCookieNamed("bulwark_session").isHttpOnly()).isTrue();
            assertThat(driver.manage().getCookieNamed("bulwark_session").getValue()).doesNotContain(token.substring(4));
            shoot(driver.getScreenshotAs(OutputType.BYTES), "fleet.png");
            WebElement chart = driver.findElement(By.cssSelector("#fleet-chart svg"));
            assertThat(chart.findElements(By.tagName("polygon"))).hasSize(5);
            shoot(driver.findElement(By.id("fleet-chart")).getScreenshotAs(OutputType.BYTES), "fleet-cve-chart.png");

            driver.findElement(By.id("q")).sendKeys("python");
            driver.findElement(By.id("search")).click();
            wait.until(d -> d.findElements(By.cssSelector("a.image-link")).size() == 1);
            driver.findElement(By.linkText("python3")).click();
            wait.until(d -> d.findElements(By.id("image-name")).size() == 1);
            shoot(driver.findElement(By.id("image-chart")).getScreenshotAs(OutputType.BYTES), "python3-cve-chart.png");

            driver.findElement(By.id("tab-vulnerabilities")).click();
            wait.until(d -> d.findElements(By.id("vulnerability-table")).size() == 1);
            String vulns = driver.findElement(By.id("vulnerability-table")).getText();
            assertThat(vulns).contains("CVE-2026-4802").contains("fixed in 2.41-12+deb13u1")
                    .contains("CVE-2026-5117").contains("no fix yet");
            shoot(driver.getScreenshotAs(OutputType.BYTES), "python3-vulnerabilities.png");

            driver.findElement(By.id("tab-packages")).click();
            wait.until(d -> d.findElements(By.id("package-table")).size() == 1);
            assertThat(driver.findElement(By.id("licence-note")).getText())
                    .startsWith("Licences as declared in the build's SPDX SBOM");
            assertThat(driver.findElement(By.id("package-table")).getText()).contains("python3").contains("libc6");

            driver.findElement(By.id("tab-evidence")).click();
            wait.until(d -> d.findElements(By.id("evidence-table")).size() == 1);
            assertThat(driver.findElement(By.id("verify-commands")).getText())
                    .contains("cosign verify --key cosign.pub 127.0.0.1:").contains("/python3@sha256:")
                    .contains("cosign verify-attestation --key cosign.pub --type slsaprovenance");
            shoot(driver.getScreenshotAs(OutputType.BYTES), "python3-evidence.png");
            driver.findElement(By.id("download-sbom-spdx-amd64")).click();
            Path file = downloads.resolve("python3-1-sbom-spdx-amd64.json");
            wait.until(d -> Files.isRegularFile(file) && noPartialDownloads(downloads));
            byte[] bytes = Files.readAllBytes(file);
            assertThat(Digest.of(bytes).toString()).as("the served SBOM is the registry's blob").isEqualTo(sbomBlob);
            JsonNode spdx = new ObjectMapper().readTree(bytes);
            assertThat(spdx.get("spdxVersion").asText()).isEqualTo("SPDX-2.3");
            assertThat(spdx.get("packages").toString()).contains("\"python3\"");

            compareWithReference(driver, wait, dashboard, python3Bytes);
        } finally {
            driver.quit();
        }
    }

    /** python3 against the allowed reference ref:plain, picked from the select; then the screenshot compare.png. */
    private void compareWithReference(ChromeDriver driver, WebDriverWait wait, URI dashboard, long python3Bytes)
            throws Exception {
        driver.findElement(By.id("nav-compare")).click();
        wait.until(d -> d.findElements(By.id("with")).size() == 1);
        assertThat(driver.findElement(By.id("allowed-references")).getText()).contains("ref:plain")
                .contains("/plain:1");
        driver.findElement(By.id("a")).sendKeys("python3");
        new Select(driver.findElement(By.id("with"))).selectByValue("ref:plain");
        driver.findElement(By.id("compare")).click();
        // The reference is read on first use; a page that says it is still being read is reloaded.
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> {
            if (d.findElements(By.id("comparison")).size() == 1) {
                return true;
            }
            List<WebElement> error = d.findElements(By.id("reference-error"));
            assertThat(error.isEmpty() || error.get(0).getText().contains("still being read"))
                    .as(error.isEmpty() ? "" : error.get(0).getText()).isTrue();
            d.navigate().refresh();
            return false;
        });
        String summary = driver.findElement(By.id("compare-summary")).getText();
        assertThat(summary).contains("python3 build 1").contains("ref:plain (docker://").contains("amd64, arm64");
        String sizes = summary.lines().filter(l -> l.startsWith("Compressed size")).findFirst().orElseThrow();
        assertThat(sizes).as("both sizes").startsWith("Compressed size " + bytes(python3Bytes) + " ")
                .matches("Compressed size [0-9.]+ (B|KiB|MiB) [0-9.]+ (B|KiB|MiB) \\+[0-9.]+ (B|KiB|MiB)");
        String packages = driver.findElement(By.id("compare-packages")).getText();
        assertThat(packages).as("a package only the reference has").contains("amd64 dpkg — 1.22.21")
                .contains("arm64 dpkg — 1.22.21");
        String severities = driver.findElement(By.id("compare-severities")).getText();
        // The reference was built with libc6 2.41-12+deb13u1, which fixes the CVE python3's recorded scan has.
        assertThat(severities).contains("high 1 0 -1").contains("medium 1 1 0").contains("low 0 1 +1");
        assertThat(driver.findElement(By.id("compare-findings")).getText())
                .contains("CVE-2026-6001 dpkg low only ref:plain").contains("CVE-2026-4802 libc6 high only python3 build 1")
                .doesNotContain("CVE-2026-5117");
        shoot(driver.getScreenshotAs(OutputType.BYTES), "compare.png");
    }

    /** Sizes as the dashboard writes them (binary units, one decimal). */
    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n / 1024.0;
        String unit = "KiB";
        if (v >= 1024) {
            v /= 1024;
            unit = "MiB";
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, unit);
    }

    /** The SPDX SBOM blob the registry holds for the amd64 image, found through the referrers the build attached. */
    private static String spdxBlobDigest(Catalog catalog, String target) throws Exception {
        String manifest = catalog.build("python3", 1).platforms().stream().filter(p -> p.arch().equals("amd64"))
                .findFirst().orElseThrow().manifestDigest();
        Store store = Transports.openStore(ImageReference.parse(target), new RegistryOptions(true, null, null,
                Progress.NONE));
        Descriptor sbom = Referrers.list(store, Digest.parse(manifest), "application/spdx+json").get(0);
        return Manifest.parse(store.manifest(sbom)).layers().get(0).digest().toString();
    }

    private static boolean noPartialDownloads(Path downloads) {
        try (Stream<Path> s = Files.list(downloads)) {
            return s.noneMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void shoot(byte[] png, String name) throws Exception {
        Files.write(SHOTS.resolve(name), png);
        assertThat(png.length).as(name).isGreaterThan(1000);
        File f = SHOTS.resolve(name).toFile();
        assertThat(f).exists();
    }
}
