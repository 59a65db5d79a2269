package dev.bulwark.debian.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.BulwarkException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianVersionTest {

    /** Every row was checked with {@code dpkg --compare-versions}; see DpkgCompareVersionsIT for the live check. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(textBlock = """
            1.0, <, 1.1
            1.0, =, 1.0
            1.1, >, 1.0
            1.0, <, 1.0.1
            1.2, <, 1.10
            1.9, <, 1.10
            1.01, =, 1.1
            1.001, =, 1.1
            1.0010, >, 1.009
            0001, =, 1
            1.0, =, 1.00
            1.0~rc1, <, 1.0
            1.0~rc1, <, 1.0~rc2
            1.0~~, <, 1.0~
            1.0~~a, <, 1.0~
            1.0~, <, 1.0
            1.0~beta, <, 1.0~rc
            1.0, <, 1.0+b1
            1.0, <, 1.0a
            1.0a, <, 1.0+
            1.0a, <, 1.0.
            1.0z, <, 1.0+
            1.0A, <, 1.0a
            1.0Z, <, 1.0a
            1.0+, <, 1.0.
            1.0~~, <, 1.0.
            1.0, <, 1.0-1
            1.0-1, <, 1.0-2
            1.0-9, <, 1.0-10
            1.0-0, =, 1.0
            1.0-00, =, 1.0
            1.0-1, <, 1.0-1+b1
            1.0-1~bpo1, <, 1.0-1
            1.0-1+deb12u1, >, 1.0-1
            1.0-1+deb12u1, <, 1.0-1+deb12u2
            1.0-1+deb12u10, >, 1.0-1+deb12u9
            1.0-1, <, 1.0.1-1
            1.2-3-4, >, 1.2-3-3
            1.2-3-4, <, 1.2-4-1
            1.2-3-4, >, 1.2-3
            1:0, >, 9.9
            1:0, >, 9.9-9
            0:1.0, =, 1.0
            0:1.0-0, =, 1.0
            1:1.0, <, 2:0.1
            2:1.0, >, 1:9.9
            10:1, >, 9:1
            1:1.0-1, >, 1.0-1
            1.0, >, 0.9.9.9
            2.0, >, 2.0~rc1+dfsg
            2.36-9+deb12u4, <, 2.36-9+deb12u10
            3.0.11-1~deb12u2, <, 3.0.11-1
            7.88.1-10+deb12u5, <, 7.88.1-10+deb12u12
            1:9.2p1-2+deb12u7, >, 1:9.2p1-2+deb12u3
            20230311, <, 20230311+deb12u1
            1.0~rc1-1, <, 1.0-1
            1.0-1~, <, 1.0-1
            """)
    void compareTo_ordersLikeDpkg(String left, String op, String right) throws VersionParseException {
        DebianVersion a = DebianVersion.parse(left);
        DebianVersion b = DebianVersion.parse(right);
        int expected = switch (op) {
            case "<" -> -1;
            case "=" -> 0;
            case ">" -> 1;
            default -> throw new IllegalArgumentException(op);
        };

        assertThat(a.compareTo(b)).as("%s vs %s", a, b).isEqualTo(expected);
        assertThat(b.compareTo(a)).as("%s vs %s", b, a).isEqualTo(-expected);
        assertThat(a.compareTo(a)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            1.0,                  0, 1.0,         '',          false
            0:1.0,                0, 1.0,         '',          true
            1:2.36-9+deb12u4,     1, 2.36,        9+deb12u4,   true
            1.2-3-4,              0, 1.2-3,       4,           false
            2:1.2:3-1,            2, 1.2:3,       1,           true
            1.0~rc1+dfsg-0.1~bpo, 0, 1.0~rc1+dfsg, 0.1~bpo,    false
            20230311+deb12u1,     0, 20230311+deb12u1, '',     false
            1.0-0,                0, 1.0,         0,           false
            """)
    void parse_splitsPartsAndRoundTrips(String text, int epoch, String upstream, String revision, boolean written)
            throws VersionParseException {
        DebianVersion v = DebianVersion.parse(text);

        assertThat(v.epoch()).isEqualTo(epoch);
        assertThat(v.upstream()).isEqualTo(upstream);
        assertThat(v.revision()).isEqualTo(revision);
        assertThat(v.epochWritten()).isEqualTo(written);
        assertThat(v).hasToString(text);
        assertThat(DebianVersion.parse(v.toString())).isEqualTo(v);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(textBlock = """
            '',          version is empty
            a1.0,        does not start with a digit
            .1,          does not start with a digit
            ~1,          does not start with a digit
            1.0_1,       contains '_'
            1.0 1,       contains ' '
            ' 1.0',      does not start with a digit
            1.0/2,       contains '/'
            1.0-1_2,     revision "1_2" contains '_'
            1:1.0-1:2,   revision "1:2" contains ':'
            x:1,         epoch "x" is not a non-negative integer
            -1:1.0,      epoch "-1" is not a non-negative integer
            :1.0,        epoch before ':' is empty
            01:1.0,      has a leading zero
            99999999999:1, is too large
            1.0-,        revision after the last '-' is empty
            1:,          upstream version is empty
            -1,          upstream version is empty
            1:-1,        upstream version is empty
            1.0é,        contains 'é'
            """)
    void parse_rejectsInvalidText(String text, String why) {
        assertThatThrownBy(() -> DebianVersion.parse(text))
                .isInstanceOf(VersionParseException.class)
                .hasMessageStartingWith("cannot parse version \"" + text + "\": ")
                .hasMessageContaining(why)
                .satisfies(e -> assertThat(((BulwarkException) e).kind()).isEqualTo(BulwarkException.Kind.BAD_INPUT))
                .satisfies(e -> assertThat(((VersionParseException) e).input()).isEqualTo(text));
    }

    @ParameterizedTest(name = "{0}:{1}-{2}")
    @CsvSource(textBlock = """
            0,  1:2,  '',   but there is no epoch
            0,  1-2,  '',   but there is no revision
            -1, 1.0,  '',   is negative
            0,  '',   1,    upstream version is empty
            0,  a1,   '',   does not start with a digit
            0,  1.0,  a-b,  contains '-'
            """)
    void constructor_rejectsInvalidParts(int epoch, String upstream, String revision, String why) {
        assertThatThrownBy(() -> new DebianVersion(epoch, upstream, revision))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    @Test
    void constructor_writesEpochOnlyWhenNonZero() {
        assertThat(new DebianVersion(0, "1.0", "")).hasToString("1.0");
        assertThat(new DebianVersion(0, "1.0", "", true)).hasToString("0:1.0");
        assertThat(new DebianVersion(2, "1.0", "3")).hasToString("2:1.0-3");
        assertThat(new DebianVersion(2, "1.0", "3", false).epochWritten()).isTrue();
        assertThat(new DebianVersion(1, "2:3", "")).hasToString("1:2:3");
    }

    @Test
    void equals_isTextualWhileCompareToIsDpkgEquivalence() throws VersionParseException {
        DebianVersion a = DebianVersion.parse("1.01");
        DebianVersion b = DebianVersion.parse("1.1");

        assertThat(a.compareTo(b)).isZero();
        assertThat(a).isNotEqualTo(b);
        assertThat(DebianVersion.parse("1.0-1")).isEqualTo(new DebianVersion(0, "1.0", "1"));
    }

    @Test
    void sort_ordersAMixedListLikeDpkg() throws VersionParseException {
        List<String> expected = List.of("1.0~~", "1.0~~a", "1.0~", "1.0~rc1", "1.0", "1.0-0.1", "1.0-1~bpo1",
                "1.0-1", "1.0-1+b1", "1.0a", "1.0+dfsg", "1.0.1", "1.2", "1.10", "9.9", "1:0", "1:0.1", "2:0~");
        List<DebianVersion> versions = new ArrayList<>();
        for (String s : expected) {
            versions.add(DebianVersion.parse(s));
        }
        Collections.reverse(versions);
        Collections.sort(versions);

        assertThat(versions).map(DebianVersion::toString).containsExactlyElementsOf(expected);
    }
}
