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
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.Listen;
import dev.bulwark.server.ServerConfig;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.auth.Tokens;
import dev.bulwark.testkit.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium through chromedriver, headless): an image really built from
 * the fake archive and published with its SBOMs to a real registry, amid a fleet with a CVE history. Logs in with
 * a token, finds the image, opens its vulnerabilities, downloads its SPDX SBOM and checks the bytes are the blob
 * the registry holds; keeps screenshots of the fleet view and the CVE chart in target/dashboard-screenshots.
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

            ByteArrayOutputStream log = new ByteArrayOutputStream();
            try (BulwarkServer server = BulwarkServer.start(ServerConfig.of(new Listen("127.0.0.1", 0)),
                    new CatalogLocation.SqliteFile(db), Duration.ofSeconds(10), Clock.systemUTC(),
                    new RegistryOptions(true, null, null, Progress.NONE), new PrintStream(log, true, StandardCharsets.UTF_8))) {
                browse(server, token, sbomBlob, log);
            }
        }
    }

    private void browse(BulwarkServer server, String token, String sbomBlob, ByteArrayOutputStream log) throws Exception {
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
            driver.get(server.dashboardUri().toString());
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
            assertThat(driver.findElement(By.id("licence-note")).getText()).as(log.toString())
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
        } finally {
            driver.quit();
        }
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
