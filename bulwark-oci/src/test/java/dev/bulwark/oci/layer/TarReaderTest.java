package dev.bulwark.oci.layer;

import dev.bulwark.core.tar.UstarHeader;
import dev.bulwark.oci.OciException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarReaderTest {

    @ParameterizedTest
    @CsvSource({
            "../etc/passwd, 0, , contains '..'",
            "usr/../../etc/x, 0, , contains '..'",
            "/etc/passwd, 0, , is absolute",
            "usr/bin/x, 1, ../../etc/shadow, contains '..'",
            "usr/bin/x, 1, /etc/shadow, is absolute",
    })
    void next_escapingNameOrHardLink_isRejected(String name, char type, String link, String message) {
        byte[] tar = tar(header(name, type, link == null ? "" : link));
        assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(tar)).next())
                .isInstanceOf(OciException.class).hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({
            "./usr/bin/x, /usr/bin/x",
            "usr/lib/, /usr/lib",
            "./, /",
            "a//b, /a/b",
    })
    void next_relativeNames_areNormalizedToAbsolutePaths(String name, String path) throws Exception {
        TarReader.Header h = new TarReader(new ByteArrayInputStream(tar(header(name, '5', "")))).next();
        assertThat(h.path()).isEqualTo(path);
    }

    @Test
    void next_layerEndingWithOneZeroBlock_isRejected() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header("usr/lib/", '5', ""));
        out.writeBytes(new byte[512]);
        TarReader reader = new TarReader(new ByteArrayInputStream(out.toByteArray()));
        assertThat(reader.next().path()).isEqualTo("/usr/lib");
        assertThatThrownBy(reader::next).isInstanceOf(OciException.class)
                .hasMessage("cannot read tar: a single zero block at offset 512 is not followed by a second one");
    }

    @Test
    void next_layerEndingWithoutZeroBlocks_isRejectedAsTruncated() throws Exception {
        TarReader reader = new TarReader(new ByteArrayInputStream(header("usr/lib/", '5', "")));
        reader.next();
        assertThatThrownBy(reader::next).isInstanceOf(java.io.IOException.class)
                .hasMessage("cannot read tar: truncated: the archive ends without end-of-archive blocks");
    }

    @Test
    void next_overflowingSizeField_isRejected() {
        byte[] h = header("usr/bin/x", '0', "");
        h[124] = (byte) 0x80; // base-256: 2^88 - 1 does not fit in a long
        java.util.Arrays.fill(h, 125, 136, (byte) 0xff);
        byte[] tar = tar(UstarHeader.withChecksum(h));
        assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(tar)).next())
                .isInstanceOf(OciException.class)
                .hasMessage("cannot read tar entry usr/bin/x: size field overflows");
    }

    @ParameterizedTest
    @CsvSource({
            "path, 3, 12",
            "linkpath, 86, 99",
            "linkpath, 87, 101",
            "path, 990, 1001",
    })
    void paxRecord_lengthCountsItself(String key, int valueLength, int expected) {
        String record = TarWriter.paxRecord(key, "v".repeat(valueLength));
        assertThat(record).startsWith(expected + " " + key + "=").endsWith("\n");
        assertThat(record.getBytes(StandardCharsets.UTF_8)).hasSize(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "100, 0, true",
            "101, 0, false",
            "120, 90, true",
            "156, 100, false",
            "155, 100, true",
            "10, 101, false",
    })
    void splitName_ustarPrefixRules(int dirLen, int fileLen, boolean fits) {
        String name = fileLen == 0 ? "n".repeat(dirLen) : "d".repeat(dirLen) + "/" + "f".repeat(fileLen);
        assertThat(TarWriter.splitName(name) != null).isEqualTo(fits);
    }

    /** A ustar header with a valid checksum, built without TarEntry so it can say what TarEntry forbids. */
    static byte[] header(String name, char type, String link) {
        return new UstarHeader(name, "", 0644, 0, 0, 0, 0, type, link, "", "").encode();
    }

    static byte[] tar(byte[]... headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] h : headers) {
            out.writeBytes(h);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }
}
