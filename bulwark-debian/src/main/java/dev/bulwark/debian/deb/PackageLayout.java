package dev.bulwark.debian.deb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The members of a format-2 package in dpkg's order: {@code debian-binary} ("2.x"), {@code control.tar[.c]},
 * {@code data.tar[.c]}; members whose names start with '_' may appear after {@code debian-binary} and are ignored.
 */
record PackageLayout(ArMember control, String controlCompression, ArMember data, String dataCompression) {
    private static final int MAX_VERSION_SIZE = 64;

    static PackageLayout of(List<ArMember> members, FileChannel file, String label) throws IOException, DebException {
        if (members.isEmpty() || !members.get(0).name().equals("debian-binary")) {
            throw new DebException(label, "the first ar member is "
                    + (members.isEmpty() ? "missing" : members.get(0).name()) + ", not debian-binary");
        }
        checkVersion(members.get(0), file, label);
        ArMember control = null;
        ArMember data = null;
        for (ArMember m : members.subList(1, members.size())) {
            if (m.name().startsWith("_")) {
                continue;
            }
            if (control == null && m.name().startsWith("control.tar")) {
                control = m;
            } else if (control != null && data == null && m.name().startsWith("data.tar")) {
                data = m;
            } else {
                throw new DebException(label, "unexpected ar member " + m.name()
                        + (control == null ? " (expected control.tar)" : data == null ? " (expected data.tar)" : ""));
            }
        }
        if (control == null || data == null) {
            throw new DebException(label, "no " + (control == null ? "control.tar" : "data.tar") + " member");
        }
        return new PackageLayout(control, compression(control, "control.tar", label), data,
                compression(data, "data.tar", label));
    }

    private static String compression(ArMember member, String prefix, String label) throws DebException {
        String c = member.compression(prefix);
        if (c == null) {
            throw new DebException(label, "unexpected ar member " + member.name());
        }
        if (c.equals("bz2") || c.equals("lzma")) {
            throw new DebException(label, "member " + member.name() + " uses " + (c.equals("bz2") ? "bzip2" : "lzma")
                    + " compression, which is not supported (use xz, zstd, gzip or none)");
        }
        return c;
    }

    private static void checkVersion(ArMember member, FileChannel file, String label)
            throws IOException, DebException {
        if (member.size() > MAX_VERSION_SIZE) {
            throw new DebException(label, "debian-binary member of " + member.size() + " bytes is too large");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) member.size());
        while (buf.hasRemaining()) {
            if (file.read(buf, member.offset() + buf.position()) < 0) {
                throw new DebException(label, "truncated: debian-binary ends early");
            }
        }
        String version = new String(buf.array(), StandardCharsets.US_ASCII);
        int newline = version.indexOf('\n');
        String line = newline < 0 ? version : version.substring(0, newline);
        if (!line.matches("2\\.[0-9]+")) {
            throw new DebException(label, "unsupported package format version \"" + line.strip()
                    + "\" in debian-binary (expected 2.x)");
        }
    }
}
