package dev.bulwark.spec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads one entry of a spec's {@code paths}: a directory with a source is the entries of its tree. */
final class PathEntryReader {
    private static final List<String> TYPES =
            Arrays.stream(PathEntry.Type.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();

    private PathEntryReader() {
    }

    static List<PathEntry> read(SpecNode node, SpecReader spec) throws SpecException {
        Map<String, SpecNode> f = node.fields(SpecParser.PATH_FIELDS);
        for (String key : List.of("path", "type")) {
            if (SpecReader.present(f, key) == null) {
                throw node.fail("missing required field '" + key + "'");
            }
        }
        String path = SpecReader.text(f, "path", PathEntryReader::pathProblem);
        PathEntry.Type type = PathEntry.Type.valueOf(
                SpecReader.text(f, "type", t -> Spec.oneOf("type", t, TYPES)).toUpperCase(Locale.ROOT));
        SpecNode sourceNode = SpecReader.present(f, "source");
        boolean tree = sourceNode != null && type == PathEntry.Type.DIRECTORY;
        Path sourceDir = tree ? spec.confinedDirectory(sourceNode, sourceNode.text()) : null;
        String source = sourceNode == null || tree ? null
                : spec.confinedFile(sourceNode, sourceNode.text()).toString();
        String content = SpecReader.present(f, "content") == null ? null : f.get("content").text();
        String target = SpecReader.text(f, "target", t -> t.isEmpty() ? "empty target" : null);
        node.require(PathEntry.shapeProblem(type, source, content, target));
        int uid = id(f, "uid");
        int gid = id(f, "gid");
        int mode = SpecReader.present(f, "mode") == null ? type.defaultMode() : f.get("mode").mode();
        PathEntry entry = node.check(() -> new PathEntry(path, type, source, content, target, uid, gid, mode));
        return tree ? DirectorySources.expand(node, spec, entry, sourceDir) : List.of(entry);
    }

    private static String pathProblem(String path) {
        String problem = ImagePaths.absoluteProblem(path);
        if (problem == null && path.equals("/")) {
            return "path '/' cannot be added";
        }
        return problem == null ? ImagePaths.mergedUsrLinkProblem(path) : problem;
    }

    private static int id(Map<String, SpecNode> f, String key) throws SpecException {
        SpecNode value = SpecReader.present(f, key);
        return value == null ? 0 : value.integer(AccountsReader.MAX_ID);
    }
}
