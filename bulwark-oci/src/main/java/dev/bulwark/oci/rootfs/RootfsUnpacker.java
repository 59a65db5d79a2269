package dev.bulwark.oci.rootfs;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.layer.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Applies an image's layers, in order, to a directory on the host — safely. Every path is resolved inside the
 * target as a chroot would (symlinks followed relative to the target's root, '..' clamped at it), so no entry of a
 * hostile image can write outside; whiteouts ({@code .wh.NAME}, {@code .wh..wh..opq}) delete what lower layers put
 * there. Owners are applied when running as root; device nodes and FIFOs are skipped.
 */
public final class RootfsUnpacker {
    private static final int MAX_SYMLINKS = 40;
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final Path root;
    private final boolean chown;
    private final boolean dropSetuid;
    private final int idBase;
    /** Image path → mode, applied after every layer (a later layer may still write into the directory). */
    private final Map<String, Integer> directoryModes = new LinkedHashMap<>();

    public RootfsUnpacker(Path root, boolean chown) {
        this(root, chown, false);
    }

    /**
     * {@code dropSetuid}: clear setuid and setgid bits, for a rootfs other users of the host could reach (a sandbox
     * that sets no-new-privileges could not use them anyway).
     */
    public RootfsUnpacker(Path root, boolean chown, boolean dropSetuid) {
        this(root, chown, dropSetuid, 0);
    }

    /**
     * {@code idBase}: with {@code chown}, an image uid or gid N is owned on the host by {@code idBase + N} (N above
     * {@link #MAX_SHIFTED_ID} by {@code idBase + 65534}, nobody), and directories the unpacker creates itself by
     * {@code idBase}: a rootfs in a subordinate id range, so that no image file belongs to a real host account.
     */
    public RootfsUnpacker(Path root, boolean chown, boolean dropSetuid, int idBase) {
        if (idBase < 0 || idBase > Integer.MAX_VALUE - MAX_SHIFTED_ID) {
            throw new IllegalArgumentException("idBase out of range: " + idBase);
        }
        this.root = root.toAbsolutePath().normalize();
        this.chown = chown;
        this.dropSetuid = dropSetuid;
        this.idBase = idBase;
    }

    /** The highest image uid or gid a shifted rootfs keeps as itself. */
    public static final int MAX_SHIFTED_ID = 65535;

    /** Unpacks every layer of {@code image} into the root directory (created when missing). */
    public void unpack(Image image) throws OciException {
        boolean created = !Files.exists(root, LinkOption.NOFOLLOW_LINKS);
        try {
            unpackLayers(image);
        } catch (OciException | RuntimeException e) {
            if (created) {
                discard();
            }
            if (e instanceof OciException o && o.kind() != Kind.ENVIRONMENT
                    && dev.bulwark.oci.BlobMismatchException.in(o) != null) {
                throw dev.bulwark.oci.internal.Blobs.failure("cannot unpack the image into " + root, o);
            }
            throw e;
        }
    }

    /**
     * Removes a root this unpacker created: files of a layer that failed its digest check at its end were
     * written as it streamed, and nothing may use them.
     */
    private void discard() {
        try {
            deleteRecursively(root);
        } catch (IOException ignored) {
            // the caller's own cleanup of its work directory gets another go at it
        }
    }

    private void unpackLayers(Image image) throws OciException {
        try {
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(root);
                ownCreated(root);
            }
            for (Layer layer : image.layers()) {
                try (InputStream in = Layers.openUncompressed(layer)) {
                    apply(new TarReader(in), layer.descriptor().digest().toString());
                }
            }
            List<Map.Entry<String, Integer>> dirs = new ArrayList<>(directoryModes.entrySet());
            dirs.sort(Map.Entry.comparingByKey(Comparator.reverseOrder()));
            for (Map.Entry<String, Integer> d : dirs) {
                // Resolve again: a later layer may have replaced a parent with a symlink pointing out of the root.
                Path dir = resolve(d.getKey(), false, "(directory modes)", d.getKey());
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setAttribute(dir, "unix:mode", mode(d.getValue()), LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (IOException e) {
            if (dev.bulwark.oci.BlobMismatchException.in(e) != null) {
                throw dev.bulwark.oci.internal.Blobs.failure("cannot unpack the image into " + root, e);
            }
            throw new OciException(Kind.ENVIRONMENT, "cannot unpack the image into " + root + ": " + e.getMessage(), e);
        }
    }

    private void apply(TarReader tar, String layer) throws IOException, OciException {
        for (TarReader.Header h; (h = tar.next()) != null; ) {
            if (h.path().equals("/")) {
                continue;
            }
            String name = h.path().substring(h.path().lastIndexOf('/') + 1);
            String parentPath = h.path().substring(0, h.path().lastIndexOf('/'));
            Path parent = resolve(parentPath, true, layer, h.path());
            if (name.equals(OPAQUE)) {
                clear(parent);
                continue;
            }
            if (name.startsWith(WHITEOUT)) {
                String hidden = name.substring(WHITEOUT.length());
                if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                    throw new OciException(Kind.BAD_INPUT, "cannot unpack " + h.path() + " of layer " + layer
                            + ": a whiteout must name an entry");
                }
                deleteRecursively(parent.resolve(name.substring(WHITEOUT.length())));
                continue;
            }
            Path target = parent.resolve(name);
            switch (h.kind()) {
                case DIR -> {
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        deleteRecursively(target);
                        Files.createDirectory(target);
                    }
                    own(target, h);
                    directoryModes.put(h.path(), h.mode());
                }
                case FILE -> {
                    deleteRecursively(target);
                    Files.copy(tar.content(), target, StandardCopyOption.REPLACE_EXISTING);
                    own(target, h);
                    Files.setAttribute(target, "unix:mode", mode(h.mode()), LinkOption.NOFOLLOW_LINKS);
                }
                case SYMLINK -> {
                    deleteRecursively(target);
                    Files.createSymbolicLink(target, Path.of(h.linkTarget()));
                    own(target, h);
                }
                case HARDLINK -> {
                    Path existing = resolve(h.linkTarget(), false, layer, h.path());
                    if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
                        throw new OciException(Kind.BAD_INPUT, "cannot unpack " + h.path() + " of layer " + layer
                                + ": hard link target " + h.linkTarget() + " is not a file already unpacked");
                    }
                    deleteRecursively(target);
                    Files.createLink(target, existing);
                }
                default -> {
                    // Device nodes and FIFOs are never created on the host.
                }
            }
        }
    }

    /**
     * Resolves an absolute image path to a host path under the root, following symlinks as if the root were
     * {@code /}. Missing directories are created when {@code createDirs}; the last component is not followed.
     */
    private Path resolve(String imagePath, boolean createDirs, String layer, String entry) throws IOException, OciException {
        Deque<String> todo = new ArrayDeque<>();
        for (String part : imagePath.split("/")) {
            if (!part.isEmpty()) {
                todo.addLast(part);
            }
        }
        String last = createDirs ? null : todo.pollLast();
        Path current = root;
        int hops = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++hops > MAX_SYMLINKS) {
                    throw new OciException(Kind.BAD_INPUT, "cannot unpack " + entry + " of layer " + layer
                            + ": too many symlinks under " + imagePath);
                }
                String link = Files.readSymbolicLink(next).toString();
                List<String> parts = new ArrayList<>(List.of(link.split("/")));
                java.util.Collections.reverse(parts);
                parts.forEach(todo::addFirst);
                if (link.startsWith("/")) {
                    current = root;
                }
                continue;
            }
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                if (!createDirs) {
                    current = next; // nothing there: the rest cannot be a symlink either
                    continue;
                }
                Files.createDirectory(next);
                ownCreated(next);
            } else if (!Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                throw new OciException(Kind.BAD_INPUT, "cannot unpack " + entry + " of layer " + layer + ": "
                        + root.relativize(next) + " is not a directory");
            }
            current = next;
        }
        return last == null ? current : current.resolve(last);
    }

    private int mode(int mode) {
        return dropSetuid ? mode & ~06000 : mode;
    }

    /**
     * The host path of an absolute image path, resolved inside the root as {@link #unpack} does (symlinks followed
     * within the root, '..' clamped); the last component is not followed. For reading files of an unpacked image.
     */
    public Path locate(String imagePath) throws OciException {
        try {
            return resolve(imagePath, false, "(lookup)", imagePath);
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot look up " + imagePath + " in " + root + ": " + e.getMessage(), e);
        }
    }

    private void own(Path target, TarReader.Header h) throws IOException {
        if (chown) {
            Files.setAttribute(target, "unix:uid", hostId(h.uid()), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", hostId(h.gid()), LinkOption.NOFOLLOW_LINKS);
        }
    }

    private int hostId(long imageId) {
        if (idBase == 0) {
            return (int) imageId;
        }
        return idBase + (imageId >= 0 && imageId <= MAX_SHIFTED_ID ? (int) imageId : 65534);
    }

    /** A directory made by the unpacker (no tar entry names it) belongs to the image's root. */
    private void ownCreated(Path dir) throws IOException {
        if (chown && idBase != 0) {
            Files.setAttribute(dir, "unix:uid", idBase, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(dir, "unix:gid", idBase, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void clear(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                deleteRecursively(child);
            }
        }
    }

    /**
     * Deletes a path, never following a symlink, not even one swapped in while the delete runs; a missing path is
     * fine ({@link dev.bulwark.core.io.TreeDeletion}).
     */
    public static void deleteRecursively(Path p) throws IOException {
        dev.bulwark.core.io.TreeDeletion.delete(p);
    }

    /** As {@link #deleteRecursively(Path)}; {@code listed} sees each directory once its entries are listed (tests). */
    static void deleteRecursively(Path p, java.util.function.Consumer<Path> listed) throws IOException {
        dev.bulwark.core.io.TreeDeletion.delete(p, listed);
    }
}
