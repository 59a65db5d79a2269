package dev.bulwark.catalog.bump;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bulwark bump}: moves the pinned references of Dockerfiles, Kubernetes manifests and Helm values to the
 * newest release of their image. A reference is matched to an image by its repository; it moves only to a digest
 * the source says a build of that image was published with in that same repository. Only the 71 characters of
 * each digest change; a file that cannot be parsed is reported with its line and left as it is.
 */
public final class Bump {
    private final ReleaseSource source;
    private final ReleaseCheck check;
    private final Map<String, List<Fix>> fixes = new HashMap<>();
    private final Map<String, Optional<String>> checked = new HashMap<>();

    private Bump(ReleaseSource source, ReleaseCheck check) {
        this.source = source;
        this.check = check;
    }

    public static BumpResult run(BumpRequest request) throws BumpException {
        Bump bump = new Bump(request.source(), request.check());
        List<FileBump> out = new ArrayList<>();
        for (Path file : request.files()) {
            out.add(bump.file(file, request.mode()));
        }
        return new BumpResult(request.source().describe(), request.mode(), out);
    }

    private FileBump file(Path file, BumpRequest.Mode mode) throws BumpException {
        TextFile text;
        List<Occurrence> found;
        try {
            text = TextFile.read(file);
            found = find(file, text.text());
        } catch (FileParseException e) {
            return FileBump.failed(file, e.line(), e.getMessage());
        } catch (BumpException e) {
            return FileBump.failed(file, 0, e.getMessage());
        }
        List<Change> changes = new ArrayList<>();
        List<Change> upToDate = new ArrayList<>();
        List<Occurrence> foreign = new ArrayList<>();
        for (Occurrence o : found) {
            Optional<Track> track = source.track(o.reference().repository());
            if (track.isEmpty()) {
                foreign.add(o);
                continue;
            }
            Track t = track.get();
            String to = t.target(o.reference().digest());
            int from = t.buildOf(o.reference().digest()).map(TrackedBuild::number).orElse(0);
            if (to.equals(o.reference().digest())) {
                upToDate.add(new Change(o, t.image(), from, t.newest().number(), to, t.newest().reason(), List.of()));
            } else {
                changes.add(new Change(o, t.image(), from, t.newest().number(), to, t.newest().reason(),
                        fixed(t, from)));
            }
        }
        for (Change c : changes) {
            Optional<String> refusal = refusal(c);
            if (refusal.isPresent()) {
                return FileBump.refused(file, c.at().line(), "refused to move " + c.at().written() + " to " + c.to()
                        + ": " + refusal.get());
            }
        }
        String after = rewrite(text.text(), changes);
        String diff = mode == BumpRequest.Mode.DRY_RUN ? UnifiedDiff.of(file.toString(), text.text(), after) : null;
        boolean write = mode == BumpRequest.Mode.WRITE && !changes.isEmpty();
        if (write) {
            text.write(after);
        }
        return new FileBump(file, changes, upToDate, foreign, write, diff, null, 0, false);
    }

    /** Why the change must not be made, asked once per repository and digest; empty without a check. */
    private Optional<String> refusal(Change c) throws BumpException {
        if (check == null) {
            return Optional.empty();
        }
        String repository = c.at().reference().repository();
        String key = repository + "@" + c.to();
        Optional<String> known = checked.get(key);
        if (known == null) {
            known = check.refusal(repository, c.to());
            checked.put(key, known);
        }
        return known;
    }

    private List<Fix> fixed(Track t, int from) throws BumpException {
        if (from == 0 || from == t.newest().number()) {
            return List.of();
        }
        String key = t.image() + " " + from + " " + t.newest().number();
        List<Fix> cached = fixes.get(key);
        if (cached == null) {
            cached = List.copyOf(source.fixed(t, from, t.newest().number()));
            fixes.put(key, cached);
        }
        return cached;
    }

    /** The text with each change's digest replaced, every other character as it was. */
    static String rewrite(String text, List<Change> changes) {
        StringBuilder b = new StringBuilder(text);
        for (Change c : changes) {
            int at = c.at().digestAt();
            if (!text.startsWith(c.from(), at)) {
                throw new IllegalStateException("the digest moved in the text at offset " + at);
            }
            b.replace(at, at + Occurrence.DIGEST_LENGTH, c.to());
        }
        return b.toString();
    }

    /** The references of a file, by its kind: a Dockerfile by its name or first instruction, else YAML by name. */
    static List<Occurrence> find(Path file, String text) throws FileParseException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.equals("dockerfile") || name.equals("containerfile") || name.startsWith("dockerfile.")
                || name.startsWith("containerfile.") || name.endsWith(".dockerfile") || name.endsWith(".containerfile")) {
            return DockerfileReferences.find(text);
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return YamlReferences.find(text);
        }
        if (text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                .map(l -> l.toUpperCase(Locale.ROOT)).filter(l -> l.startsWith("FROM ") || l.startsWith("ARG "))
                .isPresent()) {
            return DockerfileReferences.find(text);
        }
        throw new FileParseException(0, "cannot tell what kind of file it is; name a Dockerfile Dockerfile, "
                + "Containerfile or *.Dockerfile, and YAML (Kubernetes manifests, Helm values) *.yaml or *.yml");
    }
}
