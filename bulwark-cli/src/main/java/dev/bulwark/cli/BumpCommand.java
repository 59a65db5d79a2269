package dev.bulwark.cli;

import dev.bulwark.catalog.bump.Bump;
import dev.bulwark.catalog.bump.BumpJson;
import dev.bulwark.catalog.bump.BumpRequest;
import dev.bulwark.catalog.bump.BumpResult;
import dev.bulwark.catalog.bump.CatalogReleases;
import dev.bulwark.catalog.bump.Change;
import dev.bulwark.catalog.bump.FeedReleases;
import dev.bulwark.catalog.bump.FileBump;
import dev.bulwark.catalog.bump.Fix;
import dev.bulwark.catalog.bump.Occurrence;
import dev.bulwark.catalog.bump.ReleaseCheck;
import dev.bulwark.catalog.bump.ReleaseSource;
import dev.bulwark.catalog.bump.ServerReleases;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.core.text.Escape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark bump FILE…}: pinned image references moved to the newest release of their image. */
@Command(name = "bump",
        footer = {"", "Exit codes: with --check, 1 when a reference is behind, 0 when all are current; 2 when a",
                "file cannot be read or parsed (nothing is written to it).",
                "", "Examples:",
                "  bulwark bump k8s/deployment.yaml Dockerfile",
                "  bulwark bump --check charts/app/values.yaml \\",
                "      --feed https://images.example.org/feed.json",
                "  bulwark bump --dry-run k8s/ --server https://bulwark.example.org \\",
                "      --token-file read.token",
                "  bulwark bump --key cosign.pub k8s/ --feed feed.json"},
        header = "Move image references pinned by digest to their newest release.", mixinStandardHelpOptions = true,
        description = {"Finds the references pinned by digest (REPO[:TAG]@sha256:…) in Dockerfiles (FROM, COPY",
                "--from), Kubernetes manifests (every image: value, in every document) and Helm values (image:",
                "and the repository/tag/digest map), and moves each to the digest of its image's newest release:",
                "from the catalog (default), a Bulwark server (--server) or a release feed (--feed). A reference",
                "is matched to an image by its repository and moves only to a digest published there; the tag is",
                "kept. Only the digests change in the files: comments, quoting, indentation and line endings stay",
                "as they are. Prints what changed, the builds, and the CVEs the newer build fixes.",
                "References to images the source does not know are left alone: --verbose lists them (and those",
                "already current) as not from this catalog (server, feed).",
                "Without --key the release source is trusted as given: a feed or server that lies (a compromised",
                "host, a feed file changed in a pull request) can move references to any digest. With --key",
                "PUBKEY each new digest must carry a cosign signature by that key in its registry (the check",
                "'bulwark verify' makes); a file with a reference that does not verify is refused: exit 1, nothing",
                "written to it, the reference and the reason printed."})
final class BumpCommand implements Callable<Integer> {
    static final String UNSIGNED = "(unsigned check: give --key to verify signatures)";
    private static final int MAX_TOKEN_BYTES = 4096;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Dockerfiles, Kubernetes manifests, Helm values "
            + "files; a directory stands for its *.yaml, *.yml and Dockerfiles (not recursive).")
    List<Path> files;
    @Option(names = "--check", description = "Change nothing; exit 1 when a reference is behind its newest release.")
    boolean check;
    @Option(names = "--dry-run", description = "Change nothing; print the unified diff of each file instead.")
    boolean dryRun;
    @Option(names = "--server", paramLabel = "URL", description = "Read releases from this Bulwark server's API "
            + "(https://HOST[:PORT]; http only to localhost).")
    String server;
    @Option(names = "--token-file", paramLabel = "FILE", description = "The server's token (role read) is in this "
            + "file; default: BULWARK_TOKEN.")
    Path tokenFile;
    @Option(names = "--feed", paramLabel = "URL|FILE", description = "Read releases from this JSON Feed "
            + "('bulwark catalog feed --format json-feed').")
    String feed;
    @Mixin
    KeyOptions.VerifyingIfGiven key;
    @Mixin
    RegistryOptionsMixin registry;
    @Mixin
    FormatOption format;
    @Mixin
    CatalogOptions catalogOptions;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        if (check && dryRun) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot bump with both --check and --dry-run: give one");
        }
        BumpRequest.Mode mode = check ? BumpRequest.Mode.CHECK : dryRun ? BumpRequest.Mode.DRY_RUN : BumpRequest.Mode.WRITE;
        ReleaseSource source = source();
        ECPublicKey publicKey = key.publicKey();
        ReleaseCheck signatures = publicKey == null ? null
                : new BumpSignatures(publicKey, key.key, registry.toOptions(Progress.NONE));
        BumpResult result = Bump.run(new BumpRequest(BumpFiles.expand(files), source, mode, signatures));
        String note = publicKey == null && !(source instanceof CatalogReleases) ? UNSIGNED + "\n" : "";
        CatalogText.print(self, format.json() ? BumpJson.of(result) : (text(result) + note).stripTrailing());
        if (!result.failures().isEmpty()) {
            return Kind.BAD_INPUT.exitCode();
        }
        return !result.refusals().isEmpty() || check && result.behind() > 0 ? 1 : 0;
    }

    private ReleaseSource source() throws BulwarkException {
        int given = (server != null ? 1 : 0) + (feed != null ? 1 : 0) + (catalogOptions.catalog != null ? 1 : 0);
        if (given > 1) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot read releases from more than one source: give one of "
                    + "--catalog, --server and --feed");
        }
        if (tokenFile != null && server == null) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot use --token-file without --server");
        }
        if (server != null) {
            return new ServerReleases(server, token());
        }
        if (feed != null) {
            return FeedReleases.read(feed);
        }
        return new CatalogReleases(catalogOptions.open());
    }

    private String token() throws BulwarkException {
        if (tokenFile == null) {
            String env = System.getenv("BULWARK_TOKEN");
            return env == null || env.isBlank() ? null : env.strip();
        }
        try (InputStream in = Files.newInputStream(tokenFile)) {
            byte[] bytes = in.readNBytes(MAX_TOKEN_BYTES + 1);
            String token = new String(bytes, StandardCharsets.UTF_8).strip();
            if (bytes.length > MAX_TOKEN_BYTES || token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot use the token in " + tokenFile + ": give a file "
                        + "holding one token ('bulwark tokens create --role read' prints one)");
            }
            return token;
        } catch (IOException e) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot read the token file " + tokenFile + ": " + e.getMessage(), e);
        }
    }

    private String text(BumpResult r) {
        String noun = r.source().split(" ", 2)[0]; // "catalog", "server" or "feed"
        StringBuilder b = new StringBuilder();
        int foreign = 0;
        for (FileBump f : r.files()) {
            String file = Escape.text(f.file().toString());
            if (f.failed()) {
                b.append(file).append(f.line() > 0 ? ":" + f.line() : "").append(": cannot bump: ")
                        .append(Escape.text(f.error())).append(" (nothing written)\n");
                continue;
            }
            foreign += f.foreign().size();
            String state = f.changes().isEmpty() ? "up to date" : r.mode() == BumpRequest.Mode.WRITE ? "bumped"
                    : "behind";
            b.append(file).append(": ").append(state).append(" (").append(f.changes().size()).append(" behind, ")
                    .append(f.upToDate().size()).append(" current, ").append(f.foreign().size())
                    .append(" not from this ").append(noun).append(")\n");
            for (Change c : f.changes()) {
                change(b, c);
            }
            if (registry.verbose) {
                for (Change c : f.upToDate()) {
                    b.append("  line ").append(c.at().line()).append(": ").append(Escape.text(c.at().written()))
                            .append(" is ").append(c.image()).append(" build ").append(c.toBuild())
                            .append(", its newest release\n");
                }
                for (Occurrence o : f.foreign()) {
                    b.append("  line ").append(o.line()).append(": ").append(Escape.text(o.written()))
                            .append(" is not from this ").append(noun).append('\n');
                }
            }
            if (f.diff() != null && !f.diff().isEmpty()) {
                b.append(Escape.lines(f.diff()));
            }
        }
        b.append(summary(r, foreign, noun));
        return b.toString();
    }

    private static void change(StringBuilder b, Change c) {
        b.append("  line ").append(c.at().line()).append(": ").append(Escape.text(c.at().reference().repository()))
                .append(c.at().reference().tag() == null ? "" : ":" + Escape.text(c.at().reference().tag()))
                .append(" (").append(c.image()).append(") ")
                .append(c.fromBuild() > 0 ? "build " + c.fromBuild() : "an unknown build")
                .append(" → build ").append(c.toBuild()).append('\n');
        b.append("    ").append(c.from()).append(" → ").append(c.to()).append('\n');
        if (!c.reason().isEmpty()) {
            b.append("    build ").append(c.toBuild()).append(": ").append(Escape.text(c.reason())).append('\n');
        }
        if (!c.fixed().isEmpty()) {
            StringBuilder cves = new StringBuilder();
            for (Fix f : c.fixed()) {
                cves.append(cves.length() == 0 ? "" : ", ").append(Escape.text(f.id())).append(" (")
                        .append(Escape.text(f.packageName())).append(f.severity() == null ? "" : ", "
                                + Escape.text(f.severity())).append(')');
            }
            b.append("    fixes ").append(cves).append('\n');
        } else if (c.fromBuild() > c.toBuild()) {
            b.append("    a rollback: build ").append(c.toBuild()).append(" is the newest release\n");
        } else if (c.fromBuild() > 0) {
            b.append("    fixes: no CVE fix recorded by the source\n");
        }
    }

    private static String summary(BumpResult r, int foreign, String noun) {
        int behind = r.behind();
        String verb = switch (r.mode()) {
            case WRITE -> behind == 0 ? "nothing to bump" : "bumped " + behind + " reference(s)";
            case CHECK -> behind == 0 ? "every reference is at its newest release" : behind + " reference(s) behind";
            case DRY_RUN -> behind == 0 ? "nothing to bump" : "would bump " + behind + " reference(s)";
        };
        return verb + " in " + r.files().size() + " file(s), releases from " + Escape.text(r.source())
                + (foreign > 0 ? "; " + foreign + " reference(s) not from this " + noun + " left alone" : "")
                + (r.failures().isEmpty() ? "" : "; " + r.failures().size() + " file(s) could not be read")
                + (r.refusals().isEmpty() ? "" : "; " + r.refusals().size() + " file(s) refused (a new digest did not "
                        + "verify)") + "\n";
    }
}
