package dev.bulwark.debian.deb;

/** One member of the ar container: its name (without padding or GNU '/'), and where its bytes lie in the file. */
record ArMember(String name, long offset, long size) {

    /** The compression named by the suffix after {@code prefix} ("data.tar" → "none", "data.tar.xz" → "xz"). */
    String compression(String prefix) {
        String suffix = name.substring(prefix.length());
        return switch (suffix) {
            case "" -> "none";
            case ".gz" -> "gz";
            case ".xz" -> "xz";
            case ".zst" -> "zst";
            case ".bz2" -> "bz2";
            case ".lzma" -> "lzma";
            default -> null;
        };
    }
}
