package dev.bulwark.oci.transport;

import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.internal.AtomicFiles;
import dev.bulwark.oci.layer.ContentSource;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.layer.TarReader;
import dev.bulwark.oci.layer.TarWriter;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.layout.LayoutSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code oci-archive:FILE[:TAG]}: a tar of an OCI layout. Reading unpacks the layout's files (only
 * {@code oci-layout}, {@code index.json} and {@code blobs/sha256/<hex>}; anything else is refused) into a temp
 * directory removed when the JVM exits; writing builds the layout in a temp directory beside the file and
 * tars it into place.
 */
final class OciArchives {
    private static final Pattern MEMBER = Pattern.compile("(oci-layout|index\\.json|blobs/sha256/[0-9a-f]{64})");

    private OciArchives() {
    }

    static ImageSource source(ImageReference.OciArchive ref) throws OciException {
        Path dir;
        try {
            dir = Files.createTempDirectory("bulwark-oci-archive-");
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot unpack " + ref + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        try (InputStream in = Files.newInputStream(ref.file())) {
            TarReader tar = new TarReader(new java.io.BufferedInputStream(in, 65536));
            java.util.Set<String> members = new java.util.HashSet<>();
            for (TarReader.Header h = tar.next(); h != null; h = tar.next()) {
                String name = h.path().replaceFirst("^(\\./|/)+", "").replaceFirst("/$", "");
                if (h.kind() == TarReader.EntryType.DIR && (name.isEmpty() || name.equals("blobs")
                        || name.equals("blobs/sha256"))) {
                    continue;
                }
                if (h.kind() != TarReader.EntryType.FILE || !MEMBER.matcher(name).matches()) {
                    throw new OciException(Kind.BAD_INPUT, "cannot read " + ref + ": unexpected member '" + h.path()
                            + "' (an OCI archive holds oci-layout, index.json and blobs/sha256/*)");
                }
                if (!members.add(name)) {
                    throw new OciException(Kind.BAD_INPUT, "cannot read " + ref + ": member '" + h.path()
                            + "' appears twice (an OCI archive holds each file once); recreate the archive");
                }
                Path target = dir.resolve(name);
                Files.createDirectories(target.getParent());
                Files.copy(tar.content(), target);
            }
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot unpack " + ref + ": " + e.getMessage(), e);
        }
        return new LayoutSource(dir, ref.tag(), ref.toString());
    }

    static ImageSink sink(ImageReference.OciArchive ref) {
        return write -> {
            Path parent = ref.file().toAbsolutePath().getParent();
            Path dir = null;
            try {
                Files.createDirectories(parent);
                dir = Files.createTempDirectory(parent, ".oci-archive-");
                Path layout = dir.resolve("layout");
                WriteResult result = new LayoutSink(layout, ref.tag()).write(write);
                AtomicFiles.write(ref.file(), out -> tar(layout, out));
                return result;
            } catch (IOException e) {
                throw new OciException(Kind.ENVIRONMENT, "cannot write " + ref + ": " + e.getMessage(), e);
            } finally {
                if (dir != null) {
                    deleteTree(dir);
                }
            }
        };
    }

    private static void tar(Path layout, OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out, 0);
        tar.write(file(layout, "oci-layout"));
        tar.write(file(layout, "index.json"));
        tar.write(TarEntry.dir("/blobs", 0755, 0, 0));
        tar.write(TarEntry.dir("/blobs/sha256", 0755, 0, 0));
        List<Path> blobs;
        try (Stream<Path> s = Files.list(layout.resolve("blobs").resolve("sha256"))) {
            blobs = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        for (Path b : blobs) {
            tar.write(file(layout, "blobs/sha256/" + b.getFileName()));
        }
        tar.finish();
    }

    private static TarEntry file(Path layout, String name) throws IOException {
        Path p = layout.resolve(name);
        return TarEntry.file("/" + name, 0644, 0, 0, Files.size(p), ContentSource.ofFile(p));
    }

    private static void deleteTree(Path dir) {
        dev.bulwark.core.TempFiles.deleteTree(dir);   // a leftover temp directory is harmless
    }
}
