package dev.bulwark.spec;

/** Rules for paths inside an image, shared by the spec's records and its parser. */
public final class ImagePaths {
    private ImagePaths() {
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
