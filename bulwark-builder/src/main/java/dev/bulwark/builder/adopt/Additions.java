package dev.bulwark.builder.adopt;

import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.ImageFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an image adds on top of its base: paths added, changed and removed (after whiteouts), accounts added to
 * {@code /etc/passwd}, and the runtime settings that differ (user, environment, entrypoint, cmd, working directory,
 * labels), each as {@code base -> image}.
 */
public record Additions(List<ImageFiles.Entry> added, List<ImageFiles.Entry> changed, List<String> removed,
                        List<String> accounts, Map<String, String> config) {

    static final String PASSWD = "/etc/passwd";

    public Additions {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        accounts = List.copyOf(accounts);
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** The difference between two merged file trees and configs; {@code *Passwd} may be null (no such file). */
    static Additions between(ImageFiles.Tree base, ImageFiles.Tree image, ImageConfig baseConfig,
            ImageConfig imageConfig) {
        Map<String, ImageFiles.Entry> before = byPath(base.entries());
        Map<String, ImageFiles.Entry> after = byPath(image.entries());
        List<ImageFiles.Entry> added = new ArrayList<>();
        List<ImageFiles.Entry> changed = new ArrayList<>();
        for (ImageFiles.Entry e : after.values()) {
            ImageFiles.Entry old = before.get(e.path());
            if (old == null) {
                added.add(e);
            } else if (!old.equals(e)) {
                changed.add(e);
            }
        }
        List<String> removed = before.keySet().stream().filter(p -> !after.containsKey(p)).toList();
        return new Additions(added, changed, removed, accounts(base.files().get(PASSWD), image.files().get(PASSWD)),
                config(baseConfig, imageConfig));
    }

    private static Map<String, ImageFiles.Entry> byPath(List<ImageFiles.Entry> entries) {
        Map<String, ImageFiles.Entry> out = new TreeMap<>();
        entries.forEach(e -> out.put(e.path(), e));
        return out;
    }

    /** Account names in the image's passwd that the base's does not have. */
    private static List<String> accounts(byte[] base, byte[] image) {
        List<String> before = names(base);
        return names(image).stream().filter(n -> !before.contains(n)).toList();
    }

    private static List<String> names(byte[] passwd) {
        if (passwd == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : new String(passwd, StandardCharsets.UTF_8).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.add(line.substring(0, colon));
            }
        }
        return out;
    }

    private static Map<String, String> config(ImageConfig a, ImageConfig b) {
        Map<String, String> out = new LinkedHashMap<>();
        differ(out, "user", a.user(), b.user());
        differ(out, "env", a.env(), b.env());
        differ(out, "entrypoint", a.entrypoint(), b.entrypoint());
        differ(out, "cmd", a.cmd(), b.cmd());
        differ(out, "workingDir", a.workingDir(), b.workingDir());
        differ(out, "labels", a.labels(), b.labels());
        return out;
    }

    private static void differ(Map<String, String> out, String key, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            out.put(key, a + " -> " + b);
        }
    }
}
