package dev.bulwark.debian.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RelationsTest {

    /** A field value and the canonical text of what it parses to, entries joined with ", ". */
    record Case(String field, String canonical) {
    }

    static List<Case> validFields() {
        return List.of(
                new Case("libc6", "libc6"),
                new Case("libc6 (>= 2.36)", "libc6 (>= 2.36)"),
                new Case("libc6(>=2.36)", "libc6 (>= 2.36)"),
                new Case("  libc6  (  >=  2.36  )  ", "libc6 (>= 2.36)"),
                new Case("a (<< 1), b (<= 2), c (= 3), d (>= 4), e (>> 5)",
                        "a (<< 1), b (<= 2), c (= 3), d (>= 4), e (>> 5)"),
                new Case("a (< 1), b (> 2)", "a (<= 1), b (>= 2)"),
                new Case("debconf (>= 0.5) | debconf-2.0", "debconf (>= 0.5) | debconf-2.0"),
                new Case("a|b|c", "a | b | c"),
                new Case("python3:any, libfoo:amd64 (>= 1:2.0-1), gcc:native",
                        "python3:any, libfoo:amd64 (>= 1:2.0-1), gcc:native"),
                new Case("libgcc-s1,\n libc6-dev (>= 2.41)\n | libc-dev", "libgcc-s1, libc6-dev (>= 2.41) | libc-dev"),
                new Case("\tlibstdc++6 (>= 13.1),\tzlib1g (>= 1:1.1.4)", "libstdc++6 (>= 13.1), zlib1g (>= 1:1.1.4)"),
                new Case("foo [amd64 arm64], bar [!i386] <!nocheck>, baz <!nocheck> <stage1 cross>",
                        "foo, bar, baz"),
                new Case("foo (>= 1.0) [linux-any] | bar <!nodoc>", "foo (>= 1.0) | bar"),
                new Case("a, , b,", "a, b"),
                new Case("python3.11-minimal, g++-13, libqt5core5t64 (= 5.15.15+dfsg-2)",
                        "python3.11-minimal, g++-13, libqt5core5t64 (= 5.15.15+dfsg-2)"),
                new Case("", ""),
                new Case("  \n ", ""));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("validFields")
    void parse_readsRelationFields(Case c) throws RelationParseException {
        List<Alternatives> parsed = Relations.parse(c.field());

        assertThat(String.join(", ", parsed.stream().map(Alternatives::toString).toList())).isEqualTo(c.canonical());
        assertThat(Relations.parse(c.canonical())).isEqualTo(parsed);
    }

    @Test
    void parse_exposesNameArchOperatorAndVersion() throws Exception {
        List<Alternatives> parsed = Relations.parse("libfoo:any (>> 1:2.0-1) | bar");

        Relation first = parsed.get(0).options().get(0);
        assertThat(first.name()).isEqualTo("libfoo");
        assertThat(first.archQualifier()).isEqualTo("any");
        assertThat(first.op()).isEqualTo(RelationOp.GT);
        assertThat(first.version()).isEqualTo(DebianVersion.parse("1:2.0-1"));
        assertThat(parsed.get(0).options().get(1)).isEqualTo(new Relation("bar"));
    }

    /** A malformed field, the line its error is reported on, and the reason in the message. */
    record BadCase(String field, int line, String why) {
    }

    static List<BadCase> malformedFields() {
        return List.of(
                new BadCase("libc6 (>= )", 1, "missing version after \">=\" in \"libc6 (>= )\""),
                new BadCase("libc6 (>= 2.36", 1, "missing ')' after version \"2.36\" in \"libc6 (>= 2.36\""),
                new BadCase("libc6 >= 2.36)", 1, "expected ',' or '|' but found '>' in \"libc6 >= 2.36)\""),
                new BadCase("libc6 (>= 2.36))", 1, "expected ',' or '|' but found ')' in \"libc6 (>= 2.36))\""),
                new BadCase("(>= 1)", 1, "missing package name before '(' in \"(>= 1)\""),
                new BadCase("a, (>= 1)", 1, "missing package name before '(' in \"(>= 1)\""),
                new BadCase("a |", 1, "missing package name at the end in \"a |\""),
                new BadCase("a | | b", 1, "missing package name before '|' in \"a | | b\""),
                new BadCase("libc6 (2.36)", 1, "missing operator after '(' in \"libc6 (2.36)\""),
                new BadCase("libc6 (=> 2.36)", 1, "unknown operator \"=>\" in \"libc6 (=> 2.36)\""),
                new BadCase("libc6 (>= a2.36)", 1, "cannot parse version \"a2.36\": upstream version \"a2.36\" "
                        + "does not start with a digit in \"libc6 (>= a2.36)\""),
                new BadCase("libc6:", 1, "missing architecture after 'libc6:' in \"libc6:\""),
                new BadCase("-foo", 1, "package name \"-foo\" does not start with a letter or digit in \"-foo\""),
                new BadCase("foo [amd64, bar", 1, "missing ']' after '[' in \"foo [amd64\""),
                new BadCase("foo <!nocheck", 1, "missing '>' after '<' in \"foo <!nocheck\""),
                new BadCase("a,\n b,\n c (>= )", 3, "missing version after \">=\" in \"c (>= )\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFields")
    void parse_rejectsMalformedFields(BadCase c) {
        assertThatThrownBy(() -> Relations.parse(c.field()))
                .isInstanceOfSatisfying(RelationParseException.class, e -> assertThat(e.line()).isEqualTo(c.line()))
                .hasMessage("cannot parse relation field:" + c.line() + ": " + c.why());
    }

    @Test
    void parse_locatesErrorsInAParagraphField() throws Exception {
        Paragraph p = Deb822Reader.parseAll("Package: a\nDepends: b,\n c (>= )\n", "dists/Packages").get(0);

        assertThatThrownBy(() -> Relations.parse(p, "depends"))
                .isInstanceOf(RelationParseException.class)
                .hasMessage("cannot parse dists/Packages:3: missing version after \">=\" in \"c (>= )\"");
        assertThat(Relations.parse(p, "Pre-Depends")).isEmpty();
    }

    @Test
    void parseProvides_readsUnversionedAndEqualVersions() throws Exception {
        assertThat(Relations.parseProvides("ssh-client, libfoo-abi-2 (= 2.0-1), awk"))
                .extracting(Relation::toString)
                .containsExactly("ssh-client", "libfoo-abi-2 (= 2.0-1)", "awk");
        assertThat(Relations.parseProvides("")).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiterString = "=>", textBlock = """
            foo (>= 1.0)   => Provides allows only '=' versions, not ">="
            foo (<< 1.0)   => Provides allows only '=' versions, not "<<"
            a, foo | bar   => alternatives ('|') are not allowed in Provides
            """)
    void parseProvides_rejectsNonEqualVersionsAndAlternatives(String field, String why) {
        assertThatThrownBy(() -> Relations.parseProvides(field))
                .isInstanceOf(RelationParseException.class)
                .hasMessageContaining(why);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(textBlock = """
            2.36-9,  >=, 2.36,   true
            2.35,    >=, 2.36,   false
            2.36,    >>, 2.36,   false
            2.36.1,  >>, 2.36,   true
            2.36~rc1,<<, 2.36,   true
            2.36,    <<, 2.36,   false
            2.36,    <=, 2.36-0, true
            2.37,    <=, 2.36,   false
            1.01,    =,  1.1,    true
            1.0-1,   =,  1.0-2,  false
            2.36,    <,  2.36,   true
            2.36,    >,  2.37,   false
            """)
    void satisfiedBy_appliesTheOperatorWithDpkgOrdering(String candidate, String op, String required,
            boolean expected) throws Exception {
        Relation relation = Relations.parse("libc6 (" + op + " " + required + ")").get(0).options().get(0);

        assertThat(relation.satisfiedBy(DebianVersion.parse(candidate))).isEqualTo(expected);
    }

    @Test
    void satisfiedBy_unversionedRelationAcceptsAnything() throws VersionParseException {
        assertThat(new Relation("libc6").satisfiedBy(DebianVersion.parse("0~"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            <<, LT
            <=, LE
            <,  LE
            =,  EQ
            >=, GE
            >,  GE
            >>, GT
            """)
    void ofSymbol_mapsCurrentAndObsoleteOperators(String symbol, RelationOp op) {
        assertThat(RelationOp.ofSymbol(symbol)).hasValue(op);
    }

    @Test
    void relation_rejectsVersionWithoutOperator() throws Exception {
        DebianVersion v = DebianVersion.parse("1.0");
        assertThatThrownBy(() -> new Relation("a", null, null, v)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Relation("a", "x y", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Alternatives(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            glibc                | glibc  | ''
            glibc (2.41-12)      | glibc  | 2.41-12
            ' openssl  ( 1:3.0.17-1~deb12u2 ) ' | openssl | 1:3.0.17-1~deb12u2
            """)
    void sourceRef_parsesNameAndOptionalVersion(String field, String name, String version) throws Exception {
        SourceRef ref = SourceRef.parse(field);

        assertThat(ref.name()).isEqualTo(name);
        assertThat(ref.version() == null ? "" : ref.version().toString()).isEqualTo(version);
        assertThat(SourceRef.parse(ref.toString())).isEqualTo(ref);
    }

    @Test
    void sourceRef_versionDefaultsToTheBinaryVersion() throws Exception {
        DebianVersion binary = DebianVersion.parse("2.41-12+b1");
        assertThat(SourceRef.parse("glibc").versionOr(binary)).isSameAs(binary);
        assertThat(SourceRef.parse("glibc (2.41-12)").versionOr(binary)).hasToString("2.41-12");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            ''                | package name is empty
            glibc (2.41-12    | missing ')'
            (2.41)            | package name is empty
            gl ibc            | contains ' '
            glibc (x2.41)     | does not start with a digit
            """)
    void sourceRef_rejectsMalformedFields(String field, String why) {
        assertThatThrownBy(() -> SourceRef.parse(field))
                .isInstanceOf(ControlParseException.class)
                .hasMessageStartingWith("cannot parse Source field:1: ")
                .hasMessageContaining(why);
    }
}
