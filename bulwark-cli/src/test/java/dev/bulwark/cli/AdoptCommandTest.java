package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.keys.Pem;
import dev.bulwark.attest.keys.SigningKey;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.ImageFiles;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageSource;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'bulwark adopt' end to end on the fake archive: a Bulwark base, an image "built FROM it elsewhere" (the base's
 * layers plus one layer made here, as a Dockerfile's RUN/COPY would add), adopted with evidence; a base that is not
 * Bulwark's and an image not built on the base named are refused with exit 1.
 */
class AdoptCommandTest {
    static final Platform AMD64 = new Platform("linux", "amd64", null);

    @TempDir
    Path dir;

    @Test
    void adopt_imageBuiltOnTheBase_listsAdditionsAndAttachesEvidence() throws Exception {
        try (FakeArchiveCli cli = new FakeArchiveCli(dir)) {
            String base = "oci:" + dir.resolve("base") + ":1";
            assertThat(cli.run("build", cli.pythonSpec().toString(), "--output", base).exitCode()).isZero();
            Image baseImage = image(base);
            Path archive = dir.resolve("app.tar");
            write(derived(dir, baseImage, baseImage.layers()), "docker-archive:" + archive + ":app:1");

            String out = "oci:" + dir.resolve("out/app") + ":1";
            Path tracker = Files.writeString(dir.resolve("tracker.json"), """
                    {"glibc": {"CVE-2099-1111": {"releases": {"trixie": {"status": "open", "urgency": "high"}}}}}
                    """);
            CliRun r = cli.run("adopt", "docker-archive:" + archive, "--base", base, "--output", out,
                    "--format", "json", "--advisories", tracker.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            int n = baseImage.manifest().layers().size();
            assertThat(r.out()).contains("\"baseLayers\" : " + n).contains("\"/app/main.py\"")
                    .contains("\"accountsAdded\" : [ \"app\" ]").contains("\"entrypoint\" : \"")
                    .contains("\"createdBy\" : \"COPY main.py /app/\"").contains("\"signed\" : false")
                    .contains("\"scan\" : {").contains("\"worst\" : \"high\"");
            CliRun gated = cli.run("adopt", out, "--base", base, "--advisories", tracker.toString(), "--fail-on",
                    "high");
            assertThat(gated.exitCode()).as(gated.err()).isEqualTo(1);
            Image adopted = image(out);
            assertThat(adopted.manifest().layers().subList(0, n)).isEqualTo(baseImage.manifest().layers());

            CliRun referrers = FakeArchiveCli.runRaw("referrers", out);
            assertThat(referrers.exitCode()).as(referrers.err()).isZero();
            assertThat(referrers.out()).contains("application/spdx+json").contains("application/vnd.cyclonedx+json")
                    .contains("application/vnd.in-toto+json");

            CliRun text = cli.run("adopt", out, "--base", base, "--no-scan");
            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).contains("the base's " + n + " layers exactly, then 1 added")
                    .contains("accounts added: app").contains("(COPY main.py /app/)");
        }
    }

    @Test
    void adopt_signed_verifiesWithTheKeyAndNamesTheAdoptionBuildType() throws Exception {
        try (FakeArchiveCli cli = new FakeArchiveCli(dir)) {
            SigningKey key = Keys.generate(new SecureRandom());
            Files.writeString(dir.resolve("k.key"), new Pem("PRIVATE KEY", key.privateKey().getEncoded()).encode());
            Files.writeString(dir.resolve("k.pub"), Keys.encodePublic(key.publicKey()));
            SigningKey other = Keys.generate(new SecureRandom());
            Files.writeString(dir.resolve("other.pub"), Keys.encodePublic(other.publicKey()));
            String base = "oci:" + dir.resolve("base") + ":1";
            assertThat(cli.run("build", cli.pythonSpec().toString(), "--output", base, "--sign-key",
                    dir.resolve("k.key").toString()).exitCode()).isZero();
            Image baseImage = image(base);
            String app = "oci:" + dir.resolve("app") + ":1";
            write(derived(dir, baseImage, baseImage.layers()), app);

            CliRun wrongKey = cli.run("adopt", app, "--base", base, "--base-key", dir.resolve("other.pub").toString(),
                    "--no-scan");
            assertThat(wrongKey.exitCode()).isEqualTo(1);
            assertThat(wrongKey.err()).contains("is not a Bulwark base").contains("provenance statement(s) is signed by the key given");

            CliRun r = cli.run("adopt", app, "--base", base, "--base-key", dir.resolve("k.pub").toString(),
                    "--sign-key", dir.resolve("k.key").toString(), "--no-scan");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("signed");
            CliRun verify = FakeArchiveCli.runRaw("verify", app, "--key", dir.resolve("k.pub").toString());
            assertThat(verify.exitCode()).as(verify.err()).isZero();
            CliRun att = FakeArchiveCli.runRaw("verify-attestation", app, "--key", dir.resolve("k.pub").toString(),
                    "--type", "slsaprovenance1");
            assertThat(att.exitCode()).as(att.err()).isZero();
            assertThat(att.out()).contains("urn:bulwark:adopt:v1").contains("claimedCreatedBy")
                    .contains("notKnown");
        }
    }

    @Test
    void adopt_refusesABaseWhoseLayersWereAlteredAndAnImageNotBuiltOnTheBase() throws Exception {
        try (FakeArchiveCli cli = new FakeArchiveCli(dir)) {
            String base = "oci:" + dir.resolve("base") + ":1";
            assertThat(cli.run("build", cli.pythonSpec().toString(), "--output", base).exitCode()).isZero();
            Image baseImage = image(base);
            // The "base" with one layer replaced: a new manifest digest that no Bulwark provenance names.
            List<Layer> altered = new ArrayList<>(baseImage.layers());
            altered.set(0, layer(dir, List.of(TarEntry.file("/etc/motd", 0644, "altered\n".getBytes(StandardCharsets.UTF_8)))));
            Image fake = Images.assemble(baseImage.config(), altered, Map.of());
            String fakeBase = "oci:" + dir.resolve("fake") + ":1";
            write(fake, fakeBase);
            String onFake = "oci:" + dir.resolve("on-fake") + ":1";
            write(derived(dir, fake, altered), onFake);

            CliRun notBulwark = cli.run("adopt", onFake, "--base", fakeBase, "--no-scan");
            assertThat(notBulwark.exitCode()).isEqualTo(1);
            assertThat(notBulwark.err()).contains("is not a Bulwark base").contains("no SLSA provenance");

            CliRun notOnBase = cli.run("adopt", onFake, "--base", base, "--no-scan");
            assertThat(notOnBase.exitCode()).isEqualTo(1);
            assertThat(notOnBase.err()).contains("is not built on " + base)
                    .contains("layer 1 is " + altered.get(0).descriptor().digest())
                    .contains("where the base has " + baseImage.manifest().layers().get(0).digest());

            CliRun archiveBase = cli.run("adopt", onFake, "--base", "docker-archive:" + dir.resolve("x.tar"),
                    "--no-scan");
            assertThat(archiveBase.exitCode()).isEqualTo(1);
            assertThat(archiveBase.err()).contains("an archive cannot carry the provenance");
        }
    }

    @Test
    void adopt_theBaseItselfOrAnArchiveWithoutOutputIsBadInput() throws Exception {
        try (FakeArchiveCli cli = new FakeArchiveCli(dir)) {
            String base = "oci:" + dir.resolve("base") + ":1";
            assertThat(cli.run("build", cli.pythonSpec().toString(), "--output", base).exitCode()).isZero();
            CliRun same = cli.run("adopt", base, "--base", base, "--no-scan");
            assertThat(same.exitCode()).isEqualTo(2);
            assertThat(same.err()).contains("it adds no layer");
            CliRun noOutput = cli.run("adopt", "docker-archive:" + dir.resolve("a.tar"), "--base", base);
            assertThat(noOutput.exitCode()).isEqualTo(2);
            assertThat(noOutput.err()).contains("cannot hold signatures and attestations").contains("--output");
        }
    }

    static Image image(String ref) throws Exception {
        ImageSource source = Transports.openSource(ImageReference.parse(ref), RegistryOptions.defaults());
        return source.image(source.platforms().contains(AMD64) ? AMD64 : source.platforms().get(0));
    }

    static void write(Image image, String ref) throws Exception {
        Transports.openSink(ImageReference.parse(ref), RegistryOptions.defaults()).write(ImageWrite.of(image));
    }

    /** What a Dockerfile "FROM base / RUN useradd app / COPY main.py /app/ / ENTRYPOINT" would add: one layer. */
    static Image derived(Path dir, Image base, List<Layer> baseLayers) throws Exception {
        byte[] passwd = ImageFiles.read(base, "/etc/passwd"::equals).getOrDefault("/etc/passwd", new byte[0]);
        String withApp = new String(passwd, StandardCharsets.UTF_8) + "app:x:1000:1000::/app:/sbin/nologin\n";
        Layer added = layer(dir, List.of(TarEntry.dir("/app", 0755, 1000, 1000),
                TarEntry.file("/app/main.py", 0644, "print('hello')\n".getBytes(StandardCharsets.UTF_8)),
                TarEntry.dir("/etc", 0755, 0, 0),
                TarEntry.file("/etc/passwd", 0644, withApp.getBytes(StandardCharsets.UTF_8))));
        List<Layer> layers = new ArrayList<>(baseLayers);
        layers.add(added);
        ImageConfig c = base.config();
        List<ImageConfig.History> history = new ArrayList<>(c.history());
        while (history.size() < baseLayers.size()) {
            history.add(new ImageConfig.History(null, "base layer", null, false));
        }
        history.add(new ImageConfig.History(Instant.EPOCH, "COPY main.py /app/", null, false));
        ImageConfig config = new ImageConfig(c.architecture(), c.os(), c.variant(), c.created(), "app", c.env(),
                List.of("/usr/bin/python3", "/app/main.py"), null, "/app", c.labels(), history, c.diffIds());
        return Images.assemble(config, layers, Map.of());
    }

    static Layer layer(Path dir, List<TarEntry> entries) throws Exception {
        Path tmp = Files.createTempDirectory(dir, "layer");
        return new LayerWriter(tmp, 0, Compression.GZIP).write(entries);
    }
}
