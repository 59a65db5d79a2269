package dev.bulwark.spec;

import java.util.List;

/** Rules for paths inside an image, shared by the spec's records and its parser. */
public final class ImagePaths {
    /**
     * The merged-/usr top-level directories: in every Bulwark image {@code /bin}, {@code /sbin}, {@code /lib},
     * {@code /lib32}, {@code /lib64} and {@code /libx32} are symlinks into {@code /usr}, as Debian 13's base-files
     * ships them, and whatever is written below one lands below {@code /usr} instead.
     */
    public static final List<String> MERGED_USR = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");

    private ImagePaths() {
    }

    /**
     * Why {@code path} cannot be a home directory, login shell or working directory, or null when it can: it must be
     * absolute and normalized, and hold no ':' (the field separator of /etc/passwd) and no newline or other control
     * character — either would let one account's field forge another /etc/passwd line.
     */
    public static String accountPathProblem(String path) {
        String problem = absoluteProblem(path);
        if (problem != null) {
            return problem;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == ':') {
                return "path '" + printable(path) + "' contains ':', which separates the fields of /etc/passwd; "
                        + "choose a path without it";
            }
            if (Character.isISOControl(c)) {
                return "path '" + printable(path) + "' contains a control character (U+"
                        + String.format(java.util.Locale.ROOT, "%04X", (int) c)
                        + "); write the path on one line, in printable characters";
            }
        }
        return null;
    }

    /** {@code text} with each control character escaped, as a Java string literal would write it, for messages. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (Character.isISOControl(c)) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code /bin/ls} → {@code /usr/bin/ls}: the one spelling of a path in a merged-/usr image; others unchanged. */
    public static String mergedUsr(String path) {
        for (String top : MERGED_USR) {
            if (path.startsWith("/" + top + "/")) {
                return "/usr" + path;
            }
        }
        return path;
    }

    /** Why an entry cannot be added at {@code path} because it is a merged-/usr symlink itself, or null. */
    public static String mergedUsrLinkProblem(String path) {
        for (String top : MERGED_USR) {
            if (path.equals("/" + top)) {
                return "path '" + path + "' is the merged-/usr symlink to usr/" + top + " in every Bulwark image and "
                        + "cannot be replaced; add entries below /usr/" + top + " instead";
            }
        }
        return null;
    }

    /**
     * Why {@code path} is not an absolute, normalized path inside the image, or null when it is. Normalized means no
     * empty, {@code .} or {@code ..} segments and no trailing slash, so two spellings never name one file.
     */
    public static String absoluteProblem(String path) {
        if (path == null || path.isEmpty()) {
            return "missing path";
        }
        if (!path.startsWith("/")) {
            return "path '" + path + "' is not absolute (it must start with '/')";
        }
        if (path.indexOf('\0') >= 0) {
            return "path contains a NUL character";
        }
        if (path.equals("/")) {
            return null;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "path '" + path + "' is not normalized (no empty, '.' or '..' segments, no trailing '/')";
            }
        }
        return null;
    }
}
