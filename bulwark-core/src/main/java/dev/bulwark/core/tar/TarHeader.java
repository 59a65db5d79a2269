package dev.bulwark.core.tar;

import java.util.Objects;

/**
 * One entry's header, with what GNU long-name records and a PAX extended header said about it already applied.
 * {@code name} and {@code linkName} are as stored ("./usr/bin/x"); {@code type} is the type flag, with {@code '\0'}
 * read as {@code '0'} and a {@code '0'} whose name ends in a slash read as {@code '5'} (a pre-POSIX directory);
 * {@code pax} says whether a PAX extended header came before it.
 */
public record TarHeader(String name, char type, int mode, long uid, long gid, String uname, String gname, long size,
                        long mtime, String linkName, boolean pax) {

    public static final char FILE = '0';
    public static final char HARDLINK = '1';
    public static final char SYMLINK = '2';
    public static final char CHAR_DEVICE = '3';
    public static final char BLOCK_DEVICE = '4';
    public static final char DIRECTORY = '5';
    public static final char FIFO = '6';
    public static final char CONTIGUOUS = '7';

    public TarHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uname, "uname");
        Objects.requireNonNull(gname, "gname");
        Objects.requireNonNull(linkName, "linkName");
        if (mode < 0 || mode > 07777 || uid < 0 || gid < 0 || size < 0) {
            throw new IllegalArgumentException("tar header of " + name + " has a negative or out-of-range field");
        }
    }
}
