package dev.bulwark.scan.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.image.components.Ecosystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each row: two versions and how the first compares to the second (-1, 0, 1), from each ecosystem's rules. */
class EcosystemVersionsTest {

    @ParameterizedTest(name = "maven {0} vs {1} = {2}")
    @CsvSource({
        "1, 1.0, 0", "1.0, 1.0.0, 0", "1-ga, 1, 0", "1.0-final, 1.0, 0", "1.0-release, 1, 0",
        "1.0-alpha-1, 1.0, -1", "1.0-alpha1, 1.0-alpha-1, 0", "1.0-a1, 1.0-alpha-1, 0",
        "1.0-alpha-1, 1.0-beta-1, -1", "1.0-beta-1, 1.0-milestone-1, -1", "1.0-m1, 1.0-rc1, -1",
        "1.0-rc1, 1.0-cr1, 0", "1.0-rc1, 1.0-SNAPSHOT, -1", "1.0-SNAPSHOT, 1.0, -1", "1.0, 1.0-sp1, -1",
        "1.0-sp1, 1.0-xyz, -1", "1.0-abc, 1.0-xyz, -1", "1.0.1, 1.0-1, 1", "1.0-1, 1.0-alpha, 1",
        "2.9, 2.10, -1", "2.17.1, 2.17.0, 1", "2.13.4.2, 2.13.4, 1", "1.0.0.Final, 1.0.0, 0",
        "33.0.0-jre, 33.0.0-android, 1", "5.3.39, 6.0.0-M1, -1", "10, 9.9.9, 1"})
    void maven_ordersAsComparableVersionDoes(String a, String b, int expected) throws Exception {
        assertThat(Integer.signum(EcosystemVersions.compare(Ecosystem.MAVEN, a, b))).isEqualTo(expected);
        assertThat(Integer.signum(EcosystemVersions.compare(Ecosystem.MAVEN, b, a))).isEqualTo(-expected);
    }

    @ParameterizedTest(name = "pep440 {0} vs {1} = {2}")
    @CsvSource({
        "1.0, 1.0.0, 0", "1.0.dev1, 1.0a1, -1", "1.0a1, 1.0a2, -1", "1.0a2, 1.0b1, -1", "1.0b1, 1.0rc1, -1",
        "1.0rc1, 1.0, -1", "1.0, 1.0.post1, -1", "1.0.post1, 1.0.post2, -1", "1.0a1.dev1, 1.0a1, -1",
        "1.0.post1.dev1, 1.0.post1, -1", "1.0.post1.dev1, 1.0, 1", "1!0.5, 2.0, 1", "1.0+local, 1.0, 1",
        "1.0+1, 1.0+abc, 1", "1.0-alpha-1, 1.0a1, 0", "1.0c1, 1.0rc1, 0", "1.0-1, 1.0.post1, 0",
        "v2.0, 2.0, 0", "2.32.3, 2.32.10, -1", "1.0.dev1, 1.0.dev2, -1", "1.0rc1, 1.0.dev1, 1"})
    void pypi_ordersAsPep440Does(String a, String b, int expected) throws Exception {
        assertThat(Integer.signum(EcosystemVersions.compare(Ecosystem.PYPI, a, b))).isEqualTo(expected);
        assertThat(Integer.signum(EcosystemVersions.compare(Ecosystem.PYPI, b, a))).isEqualTo(-expected);
    }

    @ParameterizedTest(name = "semver {0} vs {1} = {2}")
    @CsvSource({
        "1.0.0, 2.0.0, -1", "2.0.0, 2.1.0, -1", "2.1.0, 2.1.1, -1", "1.0.0-alpha, 1.0.0, -1",
        "1.0.0-alpha, 1.0.0-alpha.1, -1", "1.0.0-alpha.1, 1.0.0-alpha.beta, -1", "1.0.0-alpha.beta, 1.0.0-beta, -1",
        "1.0.0-beta, 1.0.0-beta.2, -1", "1.0.0-beta.2, 1.0.0-beta.11, -1", "1.0.0-beta.11, 1.0.0-rc.1, -1",
        "1.0.0+build.1, 1.0.0+build.2, 0", "v1.2.3, 1.2.3, 0", "4.17.21, 4.17.4, 1"})
    void npm_ordersAsSemverDoes(String a, String b, int expected) throws Exception {
        assertThat(Integer.signum(EcosystemVersions.compare(Ecosystem.NPM, a, b))).isEqualTo(expected);
        assertThat(Integer.signum(EcosystemVersions.compare(Ecosystem.NPM, b, a))).isEqualTo(-expected);
    }

    @ParameterizedTest
    @CsvSource({"PYPI, not a version!", "NPM, 1.2", "NPM, 01.2.3", "PYPI, 1.0-"})
    void compare_refusesVersionsTheEcosystemDoesNotAllow(Ecosystem ecosystem, String bad) {
        assertThatThrownBy(() -> EcosystemVersions.compare(ecosystem, bad, "1.0.0"))
                .isInstanceOf(EcosystemVersionException.class).hasMessageContaining(bad);
    }
}
