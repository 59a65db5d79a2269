package dev.bulwark.oci.transport.archive;

import dev.bulwark.core.io.BoundedInputStream;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.layer.TarReader;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Where each member of an uncompressed tar file starts, so members can be opened without unpacking. */
final class ArchiveMembers {
    private static final int MAX_DOCUMENT = 8 << 20;
    private static final int MAX_LINKS = 16;

    private record Member(long offset, long size, String symlinkTarget) {
    }

    private final Path file;
    private final Map<String, Member> members;

    private ArchiveMembers(Path file, Map<String, Member> members) {
        this.file = file;
        this.members = members;
    }

    static ArchiveMembers scan(Path file) throws OciException {
        Map<String, Member> members = new HashMap<>();
        try (Counting in = new Counting(new BufferedInputStream(Files.newInputStream(file), 65536))) {
            TarReader reader = new TarReader(in);
            for (TarReader.Header h; (h = reader.next()) != null; ) {
                String link = h.kind() == TarReader.EntryType.SYMLINK ? h.linkTarget()
                        : h.kind() == TarReader.EntryType.HARDLINK ? h.linkTarget() : null;
                if (h.kind() == TarReader.EntryType.FILE || link != null) {
                    String target = h.kind() == TarReader.EntryType.SYMLINK ? resolve(h.path(), link) : link;
                    members.put(h.path(), new Member(in.count, h.size(), target));
                }
            }
        } catch (NoSuchFileException e) {
            throw new OciException(Kind.BAD_INPUT, "cannot read archive " + file + ": it does not exist", e);
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read archive " + file + ": " + e.getMessage(), e);
        }
        return new ArchiveMembers(file, members);
    }

    boolean contains(String name) {
        return members.containsKey(absolute(name));
    }

    long size(String name) throws OciException {
        return member(name).size();
    }

    InputStream open(String name) throws OciException {
        Member m = member(name);
        try {
            InputStream in = Files.newInputStream(file);
            in.skipNBytes(m.offset());
            return BoundedInputStream.atMost(in, m.size()).closingSource();
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read " + name + " in archive " + file + ": "
                    + e.getMessage(), e);
        }
    }

    byte[] read(String name) throws OciException {
        if (member(name).size() > MAX_DOCUMENT) {
            throw new OciException(Kind.BAD_INPUT, "cannot read " + name + " in archive " + file + ": larger than "
                    + MAX_DOCUMENT + " bytes");
        }
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read " + name + " in archive " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** The member with this name, following symlinks and hard links (docker save links repeated layers). */
    private Member member(String name) throws OciException {
        String path = absolute(name);
        for (int i = 0; i < MAX_LINKS; i++) {
            Member m = members.get(path);
            if (m == null) {
                throw new OciException(Kind.BAD_INPUT, "cannot read archive " + file + ": it has no member " + name);
            }
            if (m.symlinkTarget() == null) {
                return m;
            }
            path = m.symlinkTarget();
        }
        throw new OciException(Kind.BAD_INPUT, "cannot read archive " + file + ": too many links at " + name);
    }

    private static String absolute(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                out.append('/').append(part);
            }
        }
        return out.toString();
    }

    private static String resolve(String from, String target) {
        if (target.startsWith("/")) {
            return absolute(target);
        }
        String dir = from.substring(0, from.lastIndexOf('/') + 1);
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : (dir + target).split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += Math.max(s, 0);
            return s;
        }
    }
}
