package dev.bulwark.spec;

/**
 * An extra directory, file or symlink the spec adds to the image, with its owner and mode. A file's content comes
 * from {@code source} (a file inside the spec's folder, stored as its real absolute path) or inline
 * {@code content}, never both.
 */
public record PathEntry(String path, Type type, String source, String content, String target, int uid, int gid,
                        int mode) {

    /** What kind of filesystem entry. */
    public enum Type {
        DIRECTORY(0755), FILE(0644), SYMLINK(0777);

        private final int defaultMode;

        Type(int defaultMode) {
            this.defaultMode = defaultMode;
        }

        /** The mode an entry of this type gets when the spec names none. */
        public int defaultMode() {
            return defaultMode;
        }
    }

    public PathEntry {
        require(ImagePaths.absoluteProblem(path));
        if (path.equals("/")) {
            throw new IllegalArgumentException("path '/' cannot be added");
        }
        require(ImagePaths.mergedUsrLinkProblem(path));
        if (type == null) {
            throw new IllegalArgumentException("missing type");
        }
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("uid and gid must not be negative");
        }
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " is outside 0..7777");
        }
        require(shapeProblem(type, source, content, target));
        if (source != null && !source.startsWith("/")) {
            throw new IllegalArgumentException("source '" + source + "' is not an absolute host path");
        }
    }

    /** Why these fields do not fit {@code type}, or null when they do. */
    static String shapeProblem(Type type, String source, String content, String target) {
        return switch (type) {
            case DIRECTORY -> source != null || content != null || target != null
                    ? "a directory takes no source, content or target" : null;
            case FILE -> target != null ? "a file takes no target"
                    : (source == null) == (content == null) ? "a file takes exactly one of source or content" : null;
            case SYMLINK -> source != null || content != null ? "a symlink takes no source or content"
                    : target == null || target.isEmpty() ? "a symlink needs a target" : null;
        };
    }

    /**
     * The bytes of {@code source}, read only if it is still the real path the parser confined to the spec's folder:
     * it is opened component by component without following any symlink (a directory replaced by a link since the
     * spec was read is refused, not followed), must be a regular file and at most {@link SourceFiles#MAX_SOURCE}.
     */
    public byte[] readSource() throws java.io.IOException {
        return SourceFiles.read(java.nio.file.Path.of(source));
    }

    private static void require(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
