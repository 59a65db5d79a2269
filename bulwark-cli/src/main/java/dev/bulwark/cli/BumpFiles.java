package dev.bulwark.cli;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** {@code bump}'s FILE arguments: files as given; a directory stands for its YAML files and Dockerfiles. */
final class BumpFiles {
    private BumpFiles() {
    }

    static List<Path> expand(List<Path> args) throws BulwarkException {
        List<Path> out = new ArrayList<>();
        for (Path p : args) {
            if (!Files.isDirectory(p)) {
                out.add(p);
                continue;
            }
            TreeSet<Path> found = new TreeSet<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
                for (Path e : entries) {
                    String name = e.getFileName().toString().toLowerCase(Locale.ROOT);
                    boolean kind = name.endsWith(".yaml") || name.endsWith(".yml") || name.equals("dockerfile")
                            || name.equals("containerfile") || name.endsWith(".dockerfile") || name.startsWith("dockerfile.");
                    if (kind && Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                        found.add(e);
                    }
                }
            } catch (IOException e) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot list " + p + ": " + e.getMessage(), e);
            }
            if (found.isEmpty()) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot bump " + p + ": it holds no *.yaml, *.yml or "
                        + "Dockerfile; name the files");
            }
            out.addAll(found);
        }
        return out;
    }
}
