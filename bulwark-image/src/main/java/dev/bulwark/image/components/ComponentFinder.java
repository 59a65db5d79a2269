package dev.bulwark.image.components;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.image.ImageException;
import dev.bulwark.oci.BlobMismatchException;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.layer.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds the language components of an image in one pass over its layers (its own, or another reader's through
 * {@link Pass}), streaming each candidate file from the
 * tar (Java archives are never held in memory). What a lower layer held is forgotten when an upper layer replaces or
 * whites it out, as a container runtime would see it. Components in files that a dpkg package owns (its
 * {@code .md5sums} lists them) are kept and say which package: the SBOM lists both, and a scan leaves them to the
 * Debian package's advisories, since Debian backports fixes without changing the upstream version.
 */
public final class ComponentFinder {
    /** Archives over this size are noted and not read: no real application jar comes near it. */
    static final long MAX_ARCHIVE = 2L << 30;
    private static final Pattern MD5SUMS = Pattern.compile("/var/lib/dpkg/(status\\.d|info)/[^/]+\\.md5sums");
    private static final int MAX_MD5SUMS = 16 << 20;
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    /**
     * What one file of one layer contributed: for an archive, also the component its manifest names (used unless a
     * pom beside it names it), for a pom file its coordinates.
     */
    private record Found(List<Component> components, List<ImageComponents.Note> notes, List<String> owned,
                         String owner, Component byManifest, MavenPoms.Pom pom) {
        Found(List<Component> components, List<ImageComponents.Note> notes, List<String> owned, String owner) {
            this(components, notes, owned, owner, null, null);
        }
    }

    private ComponentFinder() {
    }

    /** Whether {@code path} is a file this finder reads (a Java archive, Python metadata, npm manifest, md5sums). */
    public static boolean isCandidate(String path) {
        return JavaArchives.isArchive(path) || PythonMetadata.isMetadata(path) || NpmPackages.isManifest(path)
                || MD5SUMS.matcher(path).matches() || MavenPoms.isPom(path);
    }

    /**
     * The components of {@code image}, from one pass over its layers. The layers are read on every core at once (each
     * layer's inflating and reading is independent); what they found is then merged lowest layer first.
     */
    public static ImageComponents find(Image image) throws ImageException {
        List<Layer> layers = image.layers();
        int threads = Math.min(layers.size(), Runtime.getRuntime().availableProcessors());
        Pass pass = new Pass();
        if (threads < 2) {
            for (Layer layer : layers) {
                scan(layer).replay(pass);
            }
            return pass.result();
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bulwark-components");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<LayerEntries>> scans = new ArrayList<>();
            for (Layer layer : layers) {
                scans.add(pool.submit(() -> scan(layer)));
            }
            for (java.util.concurrent.Future<LayerEntries> f : scans) {
                try {
                    f.get().replay(pass);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof ImageException ie) {
                        throw ie;
                    }
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;   // as the sequential pass would have thrown it
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException("cannot read a layer for its components", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ImageException(Kind.ENVIRONMENT, "interrupted while reading layers for components", e);
                }
            }
            return pass.result();
        } finally {
            pool.shutdownNow();
        }
    }

    /** One layer's entries in order, with what each candidate file contributed: what {@link Pass} needs of it. */
    private record LayerEntries(List<String> paths, List<TarReader.EntryType> kinds, Map<Integer, Found> found) {
        void replay(Pass pass) {
            for (int i = 0; i < paths.size(); i++) {
                pass.entry(paths.get(i), kinds.get(i), found.get(i));
            }
            pass.endLayer();
        }
    }

    private static LayerEntries scan(Layer layer) throws ImageException {
        List<String> paths = new ArrayList<>();
        List<TarReader.EntryType> kinds = new ArrayList<>();
        Map<Integer, Found> found = new HashMap<>();
        try (InputStream in = Layers.openUncompressed(layer)) {
            TarReader tar = new TarReader(in);
            for (TarReader.Header h = tar.next(); h != null; h = tar.next()) {
                if (Pass.wanted(h)) {
                    found.put(paths.size(), read(tar, h));
                }
                paths.add(h.path());
                kinds.add(h.kind());
            }
        } catch (IOException | OciException e) {
            Kind kind = BlobMismatchException.in(e) != null ? Kind.ENVIRONMENT : Kind.BAD_INPUT;
            throw new ImageException(kind, "cannot read layer " + layer.descriptor().digest()
                    + " for its components: " + e.getMessage(), e);
        }
        return new LayerEntries(paths, kinds, found);
    }

    /**
     * The finder as a listener on someone else's pass over the layers, so a reader that already walks every tar
     * (the facts of an image) finds components without reading any layer again: give it every header of a layer
     * in order, with the reader positioned at that entry's content, then {@link #endLayer()}; lowest layer first.
     */
    public static final class Pass {
        private final NavigableMap<String, Found> merged = new TreeMap<>();
        private final Map<String, Found> added = new TreeMap<>();
        private final List<String> replaced = new ArrayList<>();
        private final List<String> replacedTrees = new ArrayList<>();
        private final List<String> opaque = new ArrayList<>();

        /** One entry of the current layer; reads its content from {@code tar} only when it is a candidate. */
        public void entry(TarReader.Header h, TarReader tar) throws IOException {
            entry(h.path(), h.kind(), wanted(h) ? read(tar, h) : null);
        }

        /** Whether the pass reads the content of this entry: a candidate regular file that is not a whiteout. */
        static boolean wanted(TarReader.Header h) {
            String name = h.path().substring(h.path().lastIndexOf('/') + 1);
            return h.kind() == TarReader.EntryType.FILE && !name.startsWith(WHITEOUT) && isCandidate(h.path());
        }

        /** An entry whose candidate content was already read ({@code found}, null for any other entry). */
        void entry(String path, TarReader.EntryType kind, Found found) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            String parent = path.substring(0, path.lastIndexOf('/'));
            if (name.equals(OPAQUE)) {
                opaque.add(parent + "/");
            } else if (name.startsWith(WHITEOUT)) {
                replacedTrees.add(parent + "/" + name.substring(WHITEOUT.length()));
            } else {
                replaced.add(path);
                if (kind != TarReader.EntryType.DIR) {
                    replacedTrees.add(path);
                }
                if (found != null) {
                    added.put(path, found);
                }
            }
        }

        /** Applies the layer's whiteouts and replacements to what lower layers held. */
        public void endLayer() {
            for (String dir : opaque) {
                merged.subMap(dir, true, dir + Character.MAX_VALUE, false).clear();
            }
            for (String path : replacedTrees) {
                merged.subMap(path + "/", true, path + "/" + Character.MAX_VALUE, false).clear();
            }
            replaced.forEach(merged::remove);
            replacedTrees.forEach(merged::remove);
            merged.putAll(added);
            added.clear();
            replaced.clear();
            replacedTrees.clear();
            opaque.clear();
        }

        /** The components of the merged filesystem, each with the Debian package that owns its file. */
        public ImageComponents result() {
            Map<String, String> owners = new HashMap<>();
            List<Component> components = new ArrayList<>();
            List<ImageComponents.Note> notes = new ArrayList<>();
            for (Found f : merged.values()) {
                f.owned().forEach(p -> owners.put(p, f.owner()));
                notes.addAll(f.notes());
            }
            for (Map.Entry<String, Found> e : merged.entrySet()) {
                for (Component c : named(e.getKey(), e.getValue())) {
                    // md5sums list files: a Python distribution is known by its metadata directory, owned through them
                    String owner = owners.getOrDefault(c.file(), owners.getOrDefault(c.file() + "/METADATA",
                            owners.get(c.file() + "/PKG-INFO")));
                    components.add(owner == null ? c : c.ownedBy(owner));
                }
            }
            return new ImageComponents(components, notes);
        }

        /**
         * A file's components; an archive whose own pom.properties do not name it (none has the artifact and version
         * of the pom beside it) is named by the pom beside it ({@link MavenPoms}), else by its manifest.
         */
        private List<Component> named(String path, Found f) {
            if (!JavaArchives.isArchive(path)) {
                return f.components();
            }
            Component bySidecar = null;
            for (String pom : MavenPoms.candidates(path)) {
                Found p = merged.get(pom);
                bySidecar = p == null ? null : MavenPoms.name(p.pom(), pom, path);
                if (bySidecar != null) {
                    break;
                }
            }
            List<Component> out = new ArrayList<>(f.components());
            Component sidecar = bySidecar;
            // The jar's own pom.properties (same artifact and version as the pom beside it) win over that pom.
            if (sidecar != null && out.stream().noneMatch(c -> c.location().equals(path)
                    && c.name().equals(sidecar.name()) && c.version().equals(sidecar.version()))) {
                out.add(sidecar);
            } else if (sidecar == null && f.byManifest() != null) {
                out.add(f.byManifest());
            }
            return out;
        }
    }

    private static Found read(TarReader tar, TarReader.Header h) throws IOException {
        String path = h.path();
        if (JavaArchives.isArchive(path)) {
            if (h.size() > MAX_ARCHIVE) {
                return noted(path, "an archive of " + h.size() + " bytes is over " + (MAX_ARCHIVE >> 20)
                        + " MiB; not read");
            }
            JavaArchives.Read read = JavaArchives.read(tar.content(), path);
            return new Found(read.found().components(), read.found().notes(), List.of(), null, read.byManifest(), null);
        }
        if (MavenPoms.isPom(path)) {
            byte[] pom = h.size() > JavaArchives.MAX_METADATA ? null : Bounded.read(tar.content(), JavaArchives.MAX_METADATA);
            if (pom == null) {
                return noted(path, "over " + JavaArchives.MAX_METADATA + " bytes; not read");
            }
            try {
                return new Found(List.of(), List.of(), List.of(), null, null, MavenPoms.parse(pom));
            } catch (Bounded.LimitException e) {
                return noted(path, "not read as a Maven pom: " + e.getMessage());
            }
        }
        int max = MD5SUMS.matcher(path).matches() ? MAX_MD5SUMS : PythonMetadata.MAX_METADATA;
        byte[] bytes = h.size() > max ? null : Bounded.read(tar.content(), max);
        if (bytes == null) {
            return noted(path, "over " + max + " bytes; not read");
        }
        if (MD5SUMS.matcher(path).matches()) {
            return owned(path, bytes);
        }
        Component c;
        if (PythonMetadata.isMetadata(path)) {
            String dir = path.endsWith(".egg-info") ? path : path.substring(0, path.lastIndexOf('/'));
            c = PythonMetadata.parse(bytes, dir);
        } else {
            try {
                c = NpmPackages.parse(bytes, path);
            } catch (IOException | RuntimeException e) {
                return noted(path, "not read as package.json: " + JavaArchives.reason(e));
            }
        }
        return new Found(c == null ? List.of() : List.of(c), List.of(), List.of(), null);
    }

    private static Found noted(String path, String message) {
        return new Found(List.of(), List.of(new ImageComponents.Note(path, message)), List.of(), null);
    }

    /** The files a package's md5sums list ({@code <md5>  <path relative to />} per line). */
    private static Found owned(String path, byte[] bytes) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        String pkg = file.substring(0, file.length() - ".md5sums".length()).replaceAll(":.*", "");
        List<String> owned = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int sep = line.indexOf("  ");
            if (sep > 0) {
                owned.add("/" + line.substring(sep + 2).strip());
            }
        }
        return new Found(List.of(), List.of(), owned, pkg);
    }
}
