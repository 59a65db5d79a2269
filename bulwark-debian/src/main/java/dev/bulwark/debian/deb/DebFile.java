package dev.bulwark.debian.deb;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.bulwark.debian.control.Paragraph;

/**
 * A {@code .deb} opened for streaming. {@link #open} reads the ar header and the (small) control member; the data
 * member stays in the file and {@link #readData} streams its entries straight from there, decompressing on the way,
 * so that nothing is extracted onto the host and no package is held whole in memory.
 */
public final class DebFile implements Closeable {
    private final FileChannel file;
    private final String label;
    private final ControlMember control;
    private final ArMember data;
    private final String dataCompression;

    private DebFile(FileChannel file, String label, ControlMember control, ArMember data, String dataCompression) {
        this.file = file;
        this.label = label;
        this.control = control;
        this.data = data;
        this.dataCompression = dataCompression;
    }

    /**
     * Opens {@code deb}; {@code label} names the package in every error ("python3_3.13.5-1_amd64.deb"). Fails with a
     * {@link DebException} when the file is not a format-2 Debian package or its control member is unreadable.
     */
    public static DebFile open(Path deb, String label) throws DebException, IOException {
        Objects.requireNonNull(label, "label");
        FileChannel file = FileChannel.open(deb, StandardOpenOption.READ);
        try {
            PackageLayout layout = PackageLayout.of(ArReader.members(file, label), file, label);
            ControlMember control = ControlMember.read(file, layout.control(), layout.controlCompression(), label);
            return new DebFile(file, label, control, layout.data(), layout.dataCompression());
        } catch (IOException | DebException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The control stanza. */
    public Paragraph control() {
        return control.paragraph();
    }

    /** The control file exactly as the package carries it. */
    public String controlText() {
        return control.text();
    }

    /** Package-relative path ("usr/bin/x") to MD5 hex, in the order of the md5sums file; empty when it is absent. */
    public Map<String, String> md5sums() {
        return control.md5sums();
    }

    /** The absolute paths of the package's conffiles, without flags such as {@code remove-on-upgrade}. */
    public List<String> conffiles() {
        return control.conffiles();
    }

    /** The data member's compression: "xz", "gz", "zst" or "none". */
    public String dataCompression() {
        return dataCompression;
    }

    /**
     * Streams the data member's entries to {@code visitor} in archive order, refusing hostile entries (see
     * {@link DataTree}) before the visitor sees them. May be called again for another pass.
     */
    public void readData(DataVisitor visitor) throws DebException, IOException {
        Objects.requireNonNull(visitor, "visitor");
        DataTree tree = new DataTree();
        MemberTar tar = null;
        try (InputStream in = Members.open(file, data, dataCompression)) {
            tar = new MemberTar(in, label, data.name());
            while (tar.next()) {
                visitor.visit(tree.accept(tar), tar.content());
            }
            tar.finish();
        } catch (MemberReadException e) {
            String where = tar == null || tar.name() == null ? data.name() : data.name() + " entry " + tar.name();
            throw new DebException(label, where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return "DebFile[" + label + "]";
    }
}
