package dev.bulwark.oci.image;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.layer.TarReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reads the merged filesystem of an image's layers, as a container runtime would see it: later layers win, and OCI
 * whiteouts ({@code .wh.NAME} removes NAME, {@code .wh..wh..opq} empties its directory) hide what lower layers hold.
 * Only the contents of files a caller asks for are kept in memory, so it suits small files (dpkg status entries,
 * os-release, copyright files), never whole layers.
 */
public final class ImageFiles {

    /** One path of the merged filesystem; {@code linkTarget} is set for symlinks and hard links, else null. */
    public record Entry(String path, TarReader.EntryType type, int mode, long uid, long gid, long size,
                        String linkTarget) {
        public Entry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(type, "type");
        }
    }

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final int MAX_LINK_HOPS = 16;
    /** Links among the parents one resolution may follow in all: Linux's limit for one path walk. */
    private static final int MAX_PARENT_LINK_HOPS = 40;
    private static final long MAX_FILE = 64L << 20;

    private ImageFiles() {
    }

    /**
     * The content of every regular file whose absolute path ({@code "/etc/os-release"}) {@code wanted} accepts, after
     * whiteouts. Paths are tested as the layers name them; a wanted path that is a symlink or hard link is followed
     * (within the image, through symlinked parent directories too) and its target's content is returned under the
     * wanted path; a link that dangles is left out.
     */
    public static Map<String, byte[]> read(Image image, Predicate<String> wanted) throws OciException {
        return tree(image, wanted).files();
    }

    /**
     * What {@link #list} and {@link #read} return, from one pass over the layers (a second pass only when a wanted
     * link points to a file {@code wanted} does not accept): callers that need both decompress each layer once.
     */
    public record Tree(List<Entry> entries, Map<String, byte[]> files) {
        public Tree {
            entries = List.copyOf(entries);
            files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        }
    }

    /** The merged filesystem's entries and the content of every file {@code wanted} accepts, as {@link #read} has it. */
    public static Tree tree(Image image, Predicate<String> wanted) throws OciException {
        Objects.requireNonNull(wanted, "wanted");
        Merged merged = merge(image, wanted);
        Map<String, String> pending = new TreeMap<>();
        Map<String, byte[]> out = new TreeMap<>();
        for (Entry e : merged.entries.values()) {
            if (!wanted.test(e.path())) {
                continue;
            }
            if (e.type() == TarReader.EntryType.FILE) {
                byte[] content = merged.contents.get(e.path());
                if (content != null) {
                    out.put(e.path(), content);
                }
            } else if (e.type() == TarReader.EntryType.SYMLINK || e.type() == TarReader.EntryType.HARDLINK) {
                String target = resolve(merged.entries, e.path());
                if (target != null && merged.contents.containsKey(target)) {
                    out.put(e.path(), merged.contents.get(target)); // a wanted file itself: kept in this pass
                } else if (target != null) {
                    pending.put(e.path(), target);
                }
            }
        }
        if (!pending.isEmpty()) {
            Merged targets = merge(image, p -> pending.containsValue(p));
            pending.forEach((path, target) -> {
                byte[] content = targets.contents.get(target);
                if (content != null) {
                    out.put(path, content);
                }
            });
        }
        return new Tree(new ArrayList<>(merged.entries.values()), out);
    }

    /** Every path of the merged filesystem, sorted, with its type, mode, owner and size. */
    public static List<Entry> list(Image image) throws OciException {
        return new ArrayList<>(merge(image, p -> false).entries.values());
    }

    private record Merged(NavigableMap<String, Entry> entries, Map<String, byte[]> contents) {
    }

    private static Merged merge(Image image, Predicate<String> keep) throws OciException {
        NavigableMap<String, Entry> entries = new TreeMap<>();
        Map<String, byte[]> contents = new HashMap<>();
        for (Layer layer : image.layers()) {
            NavigableMap<String, Entry> added = new TreeMap<>();
            Map<String, byte[]> addedContents = new HashMap<>();
            List<String> removed = new ArrayList<>();
            List<String> opaque = new ArrayList<>();
            try (InputStream in = Layers.openUncompressed(layer)) {
                TarReader tar = new TarReader(in);
                for (TarReader.Header h = tar.next(); h != null; h = tar.next()) {
                    String path = h.path();
                    String name = path.substring(path.lastIndexOf('/') + 1);
                    String parent = path.substring(0, path.lastIndexOf('/'));
                    if (name.equals(OPAQUE)) {
                        opaque.add(parent.isEmpty() ? "/" : parent);
                    } else if (name.startsWith(WHITEOUT)) {
                        removed.add(parent + "/" + name.substring(WHITEOUT.length()));
                    } else {
                        added.put(path, new Entry(path, h.kind(), h.mode(), h.uid(), h.gid(), h.size(), h.linkTarget()));
                        if (h.kind() == TarReader.EntryType.FILE && keep.test(path)) {
                            addedContents.put(path, readContent(tar, h, layer));
                        }
                    }
                }
            } catch (IOException e) {
                throw dev.bulwark.oci.internal.Blobs.failure("cannot read layer " + layer.descriptor().digest(), e,
                        Kind.BAD_INPUT);
            } catch (OciException e) {
                throw mismatchOr(e);
            }
            for (String dir : opaque) {
                removeUnder(entries, contents, dir, false);
            }
            for (String path : removed) {
                removeUnder(entries, contents, path, true);
            }
            for (String path : added.keySet()) {
                // A file replacing a directory hides everything the lower layers had below it.
                if (added.get(path).type() != TarReader.EntryType.DIR) {
                    removeUnder(entries, contents, path, true);
                }
                contents.remove(path);
            }
            entries.putAll(added);
            contents.putAll(addedContents);
        }
        return new Merged(entries, contents);
    }

    /** A malformed tar is BAD_INPUT unless the layer's bytes failed their digest check as it closed. */
    private static OciException mismatchOr(OciException e) {
        return dev.bulwark.oci.BlobMismatchException.in(e) == null ? e
                : dev.bulwark.oci.internal.Blobs.failure("cannot read layer", e);
    }

    private static byte[] readContent(TarReader tar, TarReader.Header h, Layer layer) throws IOException, OciException {
        if (h.size() > MAX_FILE) {
            throw new OciException(Kind.BAD_INPUT, "cannot read " + h.path() + " from layer "
                    + layer.descriptor().digest() + ": " + h.size() + " bytes is too large to hold in memory");
        }
        return tar.content().readAllBytes();
    }

    private static void removeUnder(NavigableMap<String, Entry> entries, Map<String, byte[]> contents, String path,
                                    boolean includingSelf) {
        if (includingSelf) {
            entries.remove(path);
            contents.remove(path);
        }
        String prefix = path.equals("/") ? "/" : path + "/";
        NavigableMap<String, Entry> below = entries.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
        below.keySet().forEach(contents::remove);
        below.clear();
    }

    /** Follows links from {@code path} to a regular file's path, or null when they dangle or loop. */
    private static String resolve(NavigableMap<String, Entry> entries, String path) {
        String current = path;
        int[] parentHops = {MAX_PARENT_LINK_HOPS};
        for (int hop = 0; hop < MAX_LINK_HOPS; hop++) {
            String resolved = resolveParents(entries, current, parentHops);
            Entry e = resolved == null ? null : entries.get(resolved);
            if (e == null) {
                return null;
            }
            switch (e.type()) {
                case FILE -> {
                    return e.path();
                }
                case HARDLINK -> current = e.linkTarget();
                case SYMLINK -> current = join(parentOf(e.path()), e.linkTarget());
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * Resolves symlinked directories among the parents of {@code path} (e.g. merged-/usr {@code /lib → usr/lib}), or
     * null when they loop. {@code hops} is the budget of links left for the whole resolution, shared by every level
     * of it: a link such as {@code /usr → usr/x} leads back into itself and would otherwise recurse without end.
     */
    private static String resolveParents(NavigableMap<String, Entry> entries, String path, int[] hops) {
        String parent = parentOf(path);
        if (parent.equals("/")) {
            return path;
        }
        String resolvedParent = resolveParents(entries, parent, hops);
        while (resolvedParent != null) {
            Entry e = entries.get(resolvedParent);
            if (e == null || e.type() != TarReader.EntryType.SYMLINK) {
                break;
            }
            if (--hops[0] < 0) {
                return null;
            }
            resolvedParent = resolveParents(entries, join(parentOf(resolvedParent), e.linkTarget()), hops);
        }
        if (resolvedParent == null) {
            return null;
        }
        return (resolvedParent.equals("/") ? "" : resolvedParent) + path.substring(path.lastIndexOf('/'));
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** Joins a link target to the directory holding the link, normalizing "." and ".." (never above the root). */
    static String join(String dir, String target) {
        List<String> parts = new ArrayList<>();
        String whole = target.startsWith("/") ? target : dir + "/" + target;
        for (String part : whole.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}
