package dev.bulwark.oci.ref;

import dev.bulwark.oci.Digest;
import dev.bulwark.oci.DigestParseException;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an image is read from or written to, in skopeo's transport syntax: {@code oci:DIR[:TAG]},
 * {@code oci-archive:FILE[:TAG]}, {@code docker-archive:FILE[:NAME:TAG]}, {@code docker://HOST/REPO[:TAG|@DIGEST]},
 * or a bare {@code HOST/REPO:TAG} meaning {@code docker://}. As in skopeo, a path ends at the first colon.
 * Registry references must name their host: Bulwark never picks a default registry.
 */
public sealed interface ImageReference {
    Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    Pattern REPO_PART = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    Pattern HOST = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
            + "|\\[[0-9A-Fa-f:]+\\])(?::[0-9]{1,5})?");

    /** A directory in OCI image-layout form; {@code tag} may be null (the layout's only image). */
    record OciLayout(Path dir, String tag) implements ImageReference {
        public OciLayout {
            Objects.requireNonNull(dir, "dir");
        }

        @Override
        public String toString() {
            return "oci:" + dir + (tag == null ? "" : ":" + tag);
        }
    }

    /** A tar of an OCI image layout; {@code tag} may be null. */
    record OciArchive(Path file, String tag) implements ImageReference {
        public OciArchive {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String toString() {
            return "oci-archive:" + file + (tag == null ? "" : ":" + tag);
        }
    }

    /** A {@code docker save} tar; {@code name} is a repo tag like {@code app:1.0} and may be null. */
    record DockerArchive(Path file, String name) implements ImageReference {
        public DockerArchive {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String toString() {
            return "docker-archive:" + file + (name == null ? "" : ":" + name);
        }
    }

    /** A repository on a registry; exactly one of {@code tag} and {@code digest} is set. */
    record Registry(String host, String repository, String tag, Digest digest) implements ImageReference {
        public Registry {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(repository, "repository");
            if ((tag == null) == (digest == null)) {
                throw new IllegalArgumentException("a registry reference has exactly one of tag and digest");
            }
        }

        @Override
        public String toString() {
            return "docker://" + host + "/" + repository + (digest != null ? "@" + digest : ":" + tag);
        }
    }

    static ImageReference parse(String s) throws ReferenceParseException {
        if (s == null || s.isBlank()) {
            throw new ReferenceParseException(String.valueOf(s), "empty reference");
        }
        int colon = s.indexOf(':');
        String transport = colon < 0 ? "" : s.substring(0, colon);
        String rest = colon < 0 ? s : s.substring(colon + 1);
        return switch (transport) {
            case "oci" -> {
                String[] pt = pathAndTag(s, rest);
                yield new OciLayout(Path.of(pt[0]), tag(s, pt[1]));
            }
            case "oci-archive" -> {
                String[] pt = pathAndTag(s, rest);
                yield new OciArchive(Path.of(pt[0]), tag(s, pt[1]));
            }
            case "docker-archive" -> {
                String[] pt = pathAndTag(s, rest);
                yield new DockerArchive(Path.of(pt[0]), pt[1] == null ? null : repoTag(s, pt[1]));
            }
            case "docker" -> {
                if (!rest.startsWith("//")) {
                    throw new ReferenceParseException(s, "expected docker://HOST/REPO[:TAG|@DIGEST]");
                }
                yield registry(s, rest.substring(2));
            }
            default -> {
                if (!s.contains("/")) {
                    throw new ReferenceParseException(s, "unknown transport; use oci:DIR[:TAG], oci-archive:FILE,"
                            + " docker-archive:FILE[:TAG] or docker://HOST/REPO[:TAG|@DIGEST]");
                }
                yield registry(s, s);
            }
        };
    }

    private static String[] pathAndTag(String input, String rest) throws ReferenceParseException {
        int colon = rest.indexOf(':');
        String path = colon < 0 ? rest : rest.substring(0, colon);
        String tag = colon < 0 ? null : rest.substring(colon + 1);
        if (path.isEmpty()) {
            throw new ReferenceParseException(input, "the path is empty");
        }
        return new String[] {path, tag};
    }

    private static String tag(String input, String tag) throws ReferenceParseException {
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new ReferenceParseException(input, "'" + tag + "' is not a valid tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})");
        }
        return tag;
    }

    /** A docker-archive name: {@code repo[:tag]}, tag {@code latest} when omitted, as docker load reads it. */
    private static String repoTag(String input, String name) throws ReferenceParseException {
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        String repo = colon > slash ? name.substring(0, colon) : name;
        String tag = colon > slash ? name.substring(colon + 1) : "latest";
        checkRepository(input, repo, true);
        return repo + ":" + tag(input, tag);
    }

    private static Registry registry(String input, String ref) throws ReferenceParseException {
        int slash = ref.indexOf('/');
        if (slash <= 0) {
            throw new ReferenceParseException(input, "expected HOST/REPO; name the registry host");
        }
        String host = ref.substring(0, slash);
        if (!HOST.matcher(host).matches() || !(host.contains(".") || host.contains(":") || host.startsWith("[")
                || host.equals("localhost"))) {
            throw new ReferenceParseException(input, "'" + host + "' is not a registry host; name it in full"
                    + " (e.g. registry.example:5000/repo:tag)");
        }
        String remainder = ref.substring(slash + 1);
        Digest digest = null;
        String tag = null;
        int at = remainder.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(remainder.substring(at + 1));
            } catch (DigestParseException e) {
                throw new ReferenceParseException(input, e.getMessage());
            }
            remainder = remainder.substring(0, at);
        }
        int lastSlash = remainder.lastIndexOf('/');
        int colon = remainder.lastIndexOf(':');
        if (colon > lastSlash) {
            if (digest != null) {
                throw new ReferenceParseException(input, "give a tag or a digest, not both");
            }
            tag = tag(input, remainder.substring(colon + 1));
            remainder = remainder.substring(0, colon);
        }
        checkRepository(input, remainder, false);
        return new Registry(host, remainder, digest == null && tag == null ? "latest" : tag, digest);
    }

    private static void checkRepository(String input, String repo, boolean allowHost) throws ReferenceParseException {
        String[] parts = repo.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            boolean hostPart = allowHost && i == 0 && parts.length > 1 && HOST.matcher(parts[i]).matches();
            if (!hostPart && !REPO_PART.matcher(parts[i]).matches()) {
                throw new ReferenceParseException(input, "'" + repo + "' is not a valid repository name"
                        + " (lower-case letters, digits and separators . _ - /)");
            }
        }
    }
}
