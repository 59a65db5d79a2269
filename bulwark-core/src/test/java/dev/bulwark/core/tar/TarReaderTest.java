package dev.bulwark.core.tar;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarReaderTest {

    @Test
    void next_readsUstarPrefixGnuLongNameAndPaxRecords() throws Exception {
        String longName = "./" + "d".repeat(120) + "/file";
        byte[] paxData = "16 path=pax/nam\n12 uid=4242\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tar = tar(
                header("usr/bin/x", '0', 3, "", "usr"), pad("abc".getBytes(StandardCharsets.US_ASCII)),
                header("././@LongLink", 'L', longName.length() + 1, "", ""), pad((longName + "\0").getBytes(
                        StandardCharsets.UTF_8)),
                header("cut", '\0', 0, "", ""),
                header("PaxHeaders/x", 'x', paxData.length, "", ""), pad(paxData),
                header("short", '2', 0, "target", ""),
                header("olddir/", '0', 0, "", ""),
                new byte[1024]);
        TarReader reader = reader(tar);

        TarHeader first = reader.next();
        assertThat(first.name()).isEqualTo("usr/usr/bin/x");
        assertThat(new String(reader.content().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abc");
        TarHeader second = reader.next();
        assertThat(second.name()).isEqualTo(longName);
        assertThat(second.type()).isEqualTo(TarHeader.FILE);
        TarHeader third = reader.next();
        assertThat(third.name() + " " + third.uid() + " " + third.linkName() + " " + third.pax())
                .isEqualTo("pax/nam 4242 target true");
        assertThat(reader.next().type()).isEqualTo(TarHeader.DIRECTORY);
        assertThat(reader.next()).isNull();
    }

    @Test
    void next_skipsUnreadContentByReadingIt() throws Exception {
        byte[] tar = tar(header("a", '0', 700, "", ""), pad(new byte[700]), header("b", '0', 0, "", ""),
                new byte[1024]);
        TarReader reader = reader(tar);
        reader.next();
        assertThat(reader.next().name()).isEqualTo("b");
        assertThat(reader.next()).isNull();
    }

    @Test
    void next_singleZeroBlockAtTheEnd_isRejected() throws Exception {
        TarReader reader = reader(tar(header("a", '0', 0, "", ""), new byte[512]));
        reader.next();
        assertThatThrownBy(reader::next).isInstanceOf(TarException.class)
                .hasMessage("cannot read tar: a single zero block at offset 512 is not followed by a second one");
    }

    @Test
    void next_archiveWithoutEndBlocks_raisesTheCallersTruncationError() throws Exception {
        TarReader reader = reader(tar(header("a", '0', 0, "", "")));
        reader.next();
        assertThatThrownBy(reader::next).isInstanceOf(EOFException.class)
                .hasMessage("truncated: the archive ends without end-of-archive blocks");
    }

    @Test
    void content_endingInsideTheEntry_raisesTheCallersTruncationError() throws Exception {
        byte[] tar = tar(header("big", '0', 5000, "", ""), new byte[1000]);
        TarReader reader = reader(tar);
        reader.next();
        assertThatThrownBy(() -> reader.content().readAllBytes()).isInstanceOf(EOFException.class)
                .hasMessage("truncated: the archive ends inside the entry's content");
    }

    @Test
    void next_base256SizeThatOverflows_isRejected() {
        byte[] h = header("huge", '0', 0, "", "");
        h[124] = (byte) 0x80;
        Arrays.fill(h, 125, 136, (byte) 0xff);
        byte[] tar = tar(resum(h), new byte[1024]);
        assertThatThrownBy(() -> reader(tar).next()).isInstanceOf(TarException.class)
                .hasMessage("cannot read tar entry huge: size field overflows")
                .extracting(e -> ((TarException) e).entry()).isEqualTo("huge");
    }

    @Test
    void next_badChecksum_isRejected() {
        byte[] h = header("x", '0', 0, "", "");
        h[0] = 'y';
        assertThatThrownBy(() -> reader(tar(h, new byte[1024])).next()).isInstanceOf(TarException.class)
                .hasMessage("cannot read tar entry y: bad tar header checksum at offset 0");
    }

    @Test
    void next_garbageInANumberField_isRejected() {
        byte[] h = header("x", '0', 0, "", "");
        h[100] = 'z';
        assertThatThrownBy(() -> reader(tar(resum(h), new byte[1024])).next()).isInstanceOf(TarException.class)
                .hasMessage("cannot read tar entry x: bad mode field");
    }

    @Test
    void next_paxSizeThatIsNotANumber_isRejected() {
        byte[] pax = "29 size=99999999999999999999\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tar = tar(header("p", 'x', pax.length, "", ""), pad(pax), header("x", '0', 0, "", ""),
                new byte[1024]);
        assertThatThrownBy(() -> reader(tar).next()).isInstanceOf(TarException.class)
                .hasMessage("cannot read tar: bad PAX size \"99999999999999999999\"");
    }

    private static TarReader reader(byte[] tar) {
        return new TarReader(new ByteArrayInputStream(tar), EOFException::new);
    }

    private static byte[] header(String name, char type, long size, String link, String prefix) {
        return new UstarHeader(name, prefix, 0644, 0, 0, size, 0, type, link, "", "").encode();
    }

    private static byte[] resum(byte[] h) {
        return UstarHeader.withChecksum(h);
    }

    private static byte[] pad(byte[] data) {
        return Arrays.copyOf(data, (data.length + 511) / 512 * 512);
    }

    private static byte[] tar(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
