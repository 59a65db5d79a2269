package dev.bulwark.core.tar;

import java.nio.charset.StandardCharsets;

/** What GNU long-name records and a PAX extended header say about the entry that follows them. */
final class Extensions {
    String longName;
    String longLink;
    String path;
    String linkPath;
    String uname;
    String gname;
    long size;
    long uid;
    long gid;
    long mtime;
    /** Whether a PAX {@code x} header was seen for the coming entry. */
    boolean sawPax;

    Extensions() {
        clear();
    }

    void clear() {
        longName = null;
        longLink = null;
        path = null;
        linkPath = null;
        uname = null;
        gname = null;
        size = -1;
        uid = -1;
        gid = -1;
        mtime = Long.MIN_VALUE;
        sawPax = false;
    }

    boolean pending() {
        return longName != null || longLink != null || path != null || linkPath != null || uname != null
                || gname != null || size >= 0 || uid >= 0 || gid >= 0 || mtime != Long.MIN_VALUE;
    }

    /** Applies the records of a PAX {@code x} header: {@code "<length> <key>=<value>\n"}, repeated. */
    void pax(byte[] data) throws TarException {
        sawPax = true;
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            int length = 0;
            while (space < data.length && data[space] >= '0' && data[space] <= '9' && length < data.length) {
                length = length * 10 + (data[space] - '0');
                space++;
            }
            int end = pos + length;
            if (space == pos || space >= data.length || data[space] != ' ' || end > data.length || end <= space + 1
                    || data[end - 1] != '\n') {
                throw new TarException(null, "malformed PAX record at byte " + pos + " of an extended header");
            }
            int eq = space + 1;
            while (eq < end - 1 && data[eq] != '=') {
                eq++;
            }
            if (eq == end - 1) {
                throw new TarException(null, "PAX record at byte " + pos + " has no '='");
            }
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            String value = new String(data, eq + 1, end - 1 - (eq + 1), StandardCharsets.UTF_8);
            apply(key, value);
            pos = end;
        }
    }

    private void apply(String key, String value) throws TarException {
        if (key.startsWith("GNU.sparse.")) {
            throw new TarException(null, "sparse files are not supported (PAX key " + key + ")");
        }
        boolean empty = value.isEmpty();
        switch (key) {
            case "path" -> path = empty ? null : value;
            case "linkpath" -> linkPath = empty ? null : value;
            case "uname" -> uname = empty ? null : value;
            case "gname" -> gname = empty ? null : value;
            case "size" -> size = empty ? -1 : decimal(key, value);
            case "uid" -> uid = empty ? -1 : decimal(key, value);
            case "gid" -> gid = empty ? -1 : decimal(key, value);
            case "mtime" -> mtime = empty ? Long.MIN_VALUE : seconds(value);
            default -> {
                // atime, ctime, SCHILY.xattr.*, comments: nothing a Bulwark reader keeps
            }
        }
    }

    private static long decimal(String key, String value) throws TarException {
        try {
            long v = Long.parseLong(value);
            if (v < 0) {
                throw new TarException(null, "negative PAX " + key + " " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new TarException(null, "bad PAX " + key + " \"" + value + "\"");
        }
    }

    /** PAX times are decimal seconds with an optional fraction, which a layer does not keep. */
    private static long seconds(String value) throws TarException {
        int dot = value.indexOf('.');
        String whole = dot < 0 ? value : value.substring(0, dot);
        try {
            return Long.parseLong(whole);
        } catch (NumberFormatException e) {
            throw new TarException(null, "bad PAX mtime \"" + value + "\"");
        }
    }
}
