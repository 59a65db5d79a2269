package dev.bulwark.builder.reproduce;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Hex;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.layer.TarReader;
import dev.bulwark.builder.BuildException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares two layers as file trees: both tar streams are read entry by entry (contents hashed on the way, never
 * held), and every path that differs in presence, type, mode, owner, size, content or link target is reported.
 * Only the entries' metadata is kept in memory.
 */
final class LayerDiff {
    /** What is compared for one path; the content as its SHA-256. */
    private record Entry(String type, int mode, long uid, long gid, long size, String sha256, String link) {
    }

    private LayerDiff() {
    }

    static List<FileDifference> compare(Layer image, Layer rebuilt) throws BulwarkException {
        Map<String, Entry> a = read(image, "the image's layer");
        Map<String, Entry> b = read(rebuilt, "the rebuilt layer");
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        List<FileDifference> out = new ArrayList<>();
        for (String path : paths) {
            Entry x = a.get(path);
            Entry y = b.get(path);
            if (x == null || y == null) {
                out.add(new FileDifference(path, "presence", x == null ? "absent" : x.type(),
                        y == null ? "absent" : y.type()));
                continue;
            }
            add(out, path, "type", x.type(), y.type());
            add(out, path, "mode", String.format("%04o", x.mode()), String.format("%04o", y.mode()));
            add(out, path, "owner", x.uid() + ":" + x.gid(), y.uid() + ":" + y.gid());
            add(out, path, "size", Long.toString(x.size()), Long.toString(y.size()));
            add(out, path, "content", String.valueOf(x.sha256()), String.valueOf(y.sha256()));
            add(out, path, "link", String.valueOf(x.link()), String.valueOf(y.link()));
        }
        return out;
    }

    private static void add(List<FileDifference> out, String path, String field, String x, String y) {
        if (!x.equals(y)) {
            out.add(new FileDifference(path, field, x, y));
        }
    }

    private static Map<String, Entry> read(Layer layer, String what) throws BulwarkException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream in = Layers.openUncompressed(layer)) {
            TarReader tar = new TarReader(in);
            for (TarReader.Header h; (h = tar.next()) != null; ) {
                String sha = h.kind() == TarReader.EntryType.FILE ? sha256(tar.content()) : null;
                entries.put(h.path(), new Entry(h.kind().name().toLowerCase(java.util.Locale.ROOT), h.mode(), h.uid(),
                        h.gid(), h.size(), sha, h.linkTarget()));
            }
        } catch (IOException e) {
            throw new BuildException(Kind.ENVIRONMENT, "cannot compare layers: cannot read " + what + " "
                    + layer.descriptor().digest() + ": " + e.getMessage(), e);
        }
        return entries;
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest md = dev.bulwark.oci.Digest.sha256();
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
        }
        return Hex.encode(md.digest());
    }
}
