package dev.bulwark.debian.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.BulwarkException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Deb822ReaderTest {

    private static final String PACKAGES = """
            # a comment before the first stanza
            Package: libc6
            Source: glibc
            Version: 2.41-12
            Depends: libgcc-s1,
             libc6-dev (>= 2.41)
            Description: GNU C Library: Shared libraries
             Contains the standard libraries.
             .
               indented verbatim line
            # a comment inside a field is skipped
             last line
            SHA256: 0d5f444f

            Package: tzdata
            version: 2025b-4

            \s\t
            Package: zlib1g
            Version: 1:1.3.dfsg-3.1
            """;

    @Test
    void next_readsMultiLineFieldsStanzasAndLineNumbers() throws Exception {
        List<Paragraph> stanzas = Deb822Reader.parseAll(PACKAGES, "Packages");

        assertThat(stanzas).extracting(Paragraph::line).containsExactly(2, 15, 19);
        Paragraph libc = stanzas.get(0);
        assertThat(libc.source()).isEqualTo("Packages");
        assertThat(libc.fields()).extracting(Paragraph.Field::name)
                .containsExactly("Package", "Source", "Version", "Depends", "Description", "SHA256");
        assertThat(libc.fields()).extracting(Paragraph.Field::line).containsExactly(2, 3, 4, 5, 7, 13);
        assertThat(libc.get("depends")).hasValue("libgcc-s1,\nlibc6-dev (>= 2.41)");
        assertThat(libc.get("Description")).hasValue("GNU C Library: Shared libraries\n"
                + "Contains the standard libraries.\n\n  indented verbatim line\nlast line");
        assertThat(libc.get("sha256")).hasValue("0d5f444f");
        assertThat(stanzas.get(1).get("VERSION")).hasValue("2025b-4");
        assertThat(stanzas.get(2).require("Version")).isEqualTo("1:1.3.dfsg-3.1");
    }

    @Test
    void next_streamsOneStanzaAtATimeAndReturnsNullAtEnd() throws Exception {
        try (Deb822Reader reader = new Deb822Reader(new StringReader(PACKAGES), "Packages")) {
            assertThat(reader.next().require("Package")).isEqualTo("libc6");
            assertThat(reader.lineNumber()).isEqualTo(14);
            assertThat(reader.next().require("Package")).isEqualTo("tzdata");
            assertThat(reader.next().require("Package")).isEqualTo("zlib1g");
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void next_keepsEmptyFirstLineOfMultiLineField() throws Exception {
        Paragraph release = Deb822Reader.parseAll("""
                Origin: Debian
                SHA256:
                 0123 45 main/binary-amd64/Packages
                 4567 89 main/binary-amd64/Packages.xz
                """, "Release").get(0);

        assertThat(release.get("SHA256"))
                .hasValue("\n0123 45 main/binary-amd64/Packages\n4567 89 main/binary-amd64/Packages.xz");
    }

    @Test
    void next_readsTheSignedTextOfAClearsignedDocument() throws Exception {
        String inRelease = """
                -----BEGIN PGP SIGNED MESSAGE-----
                Hash: SHA512

                Origin: Debian
                - Label: Debian
                Suite: stable
                -----BEGIN PGP SIGNATURE-----

                iQIzBAEBCgAdFiEE
                -----END PGP SIGNATURE-----
                """;

        List<Paragraph> stanzas = Deb822Reader.parseAll(inRelease, "InRelease");

        assertThat(stanzas).hasSize(1);
        assertThat(stanzas.get(0).line()).isEqualTo(4);
        assertThat(stanzas.get(0).get("Label")).hasValue("Debian");
        assertThat(stanzas.get(0).get("Suite")).hasValue("stable");
    }

    @Test
    void next_acceptsCrLfAndByteOrderMark() throws Exception {
        List<Paragraph> stanzas = Deb822Reader.parseAll("\uFEFFPackage: a\r\nVersion: 1\r\n\r\nPackage: b\r\n", "x");

        assertThat(stanzas).extracting(p -> p.get("Package").orElseThrow()).containsExactly("a", "b");
        assertThat(stanzas.get(0).get("Version")).hasValue("1");
    }

    @Test
    void parseAll_emptyOrCommentOnlyTextHasNoStanzas() throws Exception {
        assertThat(Deb822Reader.parseAll("", "x")).isEmpty();
        assertThat(Deb822Reader.parseAll("\n# only a comment\n\n", "x")).isEmpty();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            ' continued'                          | 1 | continuation line " continued" does not follow a field
            'Package: a\\n\\n .\\nVersion: 1'     | 3 | continuation line " ." does not follow a field
            'Package: a\\nno colon here'          | 2 | expected "Field: value", found "no colon here"
            'Package: a\\n: empty name'           | 2 | field name is empty
            'Package: a\\nBad Name: x'            | 2 | field name "Bad Name" contains character U+0020
            'Package: a\\n-Dash: x'               | 2 | field name starts with '-'
            '\\nPackage: a\\nVersion: 1\\npackage: b' | 4 | duplicate field package
            """)
    void next_rejectsMalformedTextNamingTheLine(String escaped, int line, String why) {
        String text = escaped.replace("\\n", "\n");

        assertThatThrownBy(() -> Deb822Reader.parseAll(text, "test/Packages"))
                .isInstanceOfSatisfying(ControlParseException.class, e -> {
                    assertThat(e.sourceName()).isEqualTo("test/Packages");
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.kind()).isEqualTo(BulwarkException.Kind.BAD_INPUT);
                })
                .hasMessage("cannot parse test/Packages:" + line + ": " + why);
    }

    @Test
    void require_namesSourceAndLineOfTheStanza() throws Exception {
        Paragraph p = Deb822Reader.parseAll("\n\nPackage: a\n", "main/Packages").get(0);

        assertThatThrownBy(() -> p.require("Version"))
                .isInstanceOf(ControlParseException.class)
                .hasMessage("cannot parse main/Packages:3: stanza has no Version field");
    }

    @Test
    void text_rendersAStanzaTheReaderReadsBackEqual() throws Exception {
        Paragraph original = Deb822Reader.parseAll(PACKAGES, "Packages").get(0);

        Paragraph again = Deb822Reader.parseAll("\n# shifted\n" + original.text(), "Packages").get(0);

        assertThat(again.fields()).extracting(Paragraph.Field::name, Paragraph.Field::value)
                .containsExactlyElementsOf(original.fields().stream()
                        .map(f -> org.assertj.core.groups.Tuple.tuple(f.name(), f.value())).toList());
        assertThat(original.text()).startsWith("Package: libc6\nSource: glibc\n")
                .contains("Description: GNU C Library: Shared libraries\n Contains the standard libraries.\n .\n");
    }

    @Test
    void paragraph_rejectsDuplicateAndInvalidFields() {
        assertThatThrownBy(() -> new Paragraph(List.of(new Paragraph.Field("A", "1"), new Paragraph.Field("a", "2")), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate field a");
        assertThatThrownBy(() -> new Paragraph(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Paragraph.Field("A:B", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void close_closesTheUnderlyingReader() throws IOException {
        boolean[] closed = {false};
        Reader in = new StringReader("") {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new Deb822Reader(in, "x").close();
        assertThat(closed[0]).isTrue();
    }
}
