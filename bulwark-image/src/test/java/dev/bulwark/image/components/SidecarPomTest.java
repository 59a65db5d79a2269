package dev.bulwark.image.components;

import static dev.bulwark.image.components.TestArchives.bytes;
import static dev.bulwark.image.components.TestArchives.file;
import static dev.bulwark.image.components.TestArchives.image;
import static dev.bulwark.image.components.TestArchives.mavenJar;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.oci.layer.TarEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jar without pom.properties (BouncyCastle, picocli, CEL, the PostgreSQL driver) is named by the pom beside it, as
 * {@code dependency:copy-dependencies -Dmdep.copyPom} and a Maven repository lay them out, instead of by a manifest
 * that gives no Maven group, or not at all.
 */
class SidecarPomTest {
    private static final String BC_MANIFEST = "Bundle-SymbolicName: bcprov\r\nBundle-Version: 1.86\r\n";

    @TempDir
    Path tmp;

    private static List<String> dump(ImageComponents found) {
        return found.components().stream().map(c -> c.purl() + " " + c.licenses() + " @ " + c.location()).toList();
    }

    private static byte[] pom(String body) {
        return bytes("<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                + "<modelVersion>4.0.0</modelVersion>" + body + "</project>");
    }

    @Test
    void find_namesJarsWithoutPomPropertiesByThePomBesideThem() throws Exception {
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(
                file("/opt/lib/org.bouncycastle.bcprov-jdk18on-1.86.jar", TestArchives.manifestJar(BC_MANIFEST)),
                file("/opt/lib/org.bouncycastle.bcprov-jdk18on-1.86.pom", pom("<groupId>org.bouncycastle</groupId>"
                        + "<artifactId>bcprov-jdk18on</artifactId><version>1.86</version>"
                        + "<licenses><license><name>Bouncy Castle Licence</name></license></licenses>")),
                // No manifest at all, group and version from the parent: a CEL jar.
                file("/opt/lib/dev.cel.common-0.14.0.jar", TestArchives.zip(Map.of("dev/cel/A.class", new byte[4]))),
                file("/opt/lib/dev.cel.common-0.14.0.pom", pom("<parent><groupId>dev.cel</groupId>"
                        + "<artifactId>cel-parent</artifactId><version>0.14.0</version></parent>"
                        + "<artifactId>common</artifactId><dependencies><dependency><groupId>x</groupId>"
                        + "<artifactId>y</artifactId><version>9</version></dependency></dependencies>")),
                // A Maven repository's layout, and a classified jar beside its pom.
                file("/m2/info/picocli/picocli/4.7.7/picocli-4.7.7.jar", TestArchives.manifestJar(
                        "Implementation-Title: picocli\r\nImplementation-Version: 4.7.7\r\n")),
                file("/m2/info/picocli/picocli/4.7.7/picocli-4.7.7.pom", pom("<groupId>info.picocli</groupId>"
                        + "<artifactId>picocli</artifactId><version>4.7.7</version>")),
                file("/opt/lib/n-1.0-linux.jar", TestArchives.zip(Map.of("N.class", new byte[4]))),
                file("/opt/lib/n-1.0.pom", pom("<groupId>g</groupId><artifactId>n</artifactId><version>1.0</version>")))));

        assertThat(dump(found)).containsExactly(
                "pkg:maven/info.picocli/picocli@4.7.7 [] @ /m2/info/picocli/picocli/4.7.7/picocli-4.7.7.jar",
                "pkg:maven/dev.cel/common@0.14.0 [] @ /opt/lib/dev.cel.common-0.14.0.jar",
                "pkg:maven/g/n@1.0 [] @ /opt/lib/n-1.0-linux.jar",
                "pkg:maven/org.bouncycastle/bcprov-jdk18on@1.86 [Bouncy Castle Licence] @ "
                        + "/opt/lib/org.bouncycastle.bcprov-jdk18on-1.86.jar");
    }

    @Test
    void find_keepsTheManifestNameWhenThePomBesideDoesNotDescribeTheJar() throws Exception {
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(
                file("/opt/lib/bcprov-1.86.jar", TestArchives.manifestJar(BC_MANIFEST)),
                // Another artifact's pom under this jar's name.
                file("/opt/lib/bcprov-1.86.pom", pom("<groupId>evil</groupId><artifactId>other</artifactId>"
                        + "<version>1.86</version>")),
                file("/opt/lib/tool-2.jar", TestArchives.manifestJar(
                        "Implementation-Title: tool\r\nImplementation-Version: 2\r\n")),
                // Coordinates from a property the finder cannot resolve.
                file("/opt/lib/tool-2.pom", pom("<groupId>t</groupId><artifactId>tool</artifactId>"
                        + "<version>${revision}</version>")),
                file("/opt/lib/broken-1.jar", TestArchives.manifestJar(
                        "Implementation-Title: broken\r\nImplementation-Version: 1\r\n")),
                file("/opt/lib/broken-1.pom", bytes("<project><groupId>b</groupId><artifactId>broken")))));

        assertThat(dump(found)).containsExactly("pkg:maven/bcprov@1.86 [] @ /opt/lib/bcprov-1.86.jar",
                "pkg:maven/broken@1 [] @ /opt/lib/broken-1.jar", "pkg:maven/tool@2 [] @ /opt/lib/tool-2.jar");
    }

    @Test
    void find_listsAJarOnceWhenItsOwnPomPropertiesAndThePomBesideAgree() throws Exception {
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(
                file("/opt/lib/org.xerial.sqlite-jdbc-3.54.1.0.jar", mavenJar("org.xerial", "sqlite-jdbc", "3.54.1.0",
                        null)),
                file("/opt/lib/org.xerial.sqlite-jdbc-3.54.1.0.pom", pom("<groupId>org.xerial</groupId>"
                        + "<artifactId>sqlite-jdbc</artifactId><version>3.54.1.0</version>")),
                // A shaded jar holds others' pom.properties, not its own: the pom beside adds the jar itself.
                file("/opt/lib/app-1.jar", mavenJar("org.dep", "dep", "3", null)),
                file("/opt/lib/app-1.pom", pom("<groupId>org.app</groupId><artifactId>app</artifactId>"
                        + "<version>1</version>")))));

        assertThat(dump(found)).containsExactly("pkg:maven/org.app/app@1 [] @ /opt/lib/app-1.jar",
                "pkg:maven/org.dep/dep@3 [] @ /opt/lib/app-1.jar",
                "pkg:maven/org.xerial/sqlite-jdbc@3.54.1.0 [] @ /opt/lib/org.xerial.sqlite-jdbc-3.54.1.0.jar");
    }

    @Test
    void find_forgetsThePomAnUpperLayerWhitesOut() throws Exception {
        ImageComponents found = ComponentFinder.find(image(tmp,
                List.of(file("/opt/lib/bcprov-jdk18on-1.86.jar", TestArchives.manifestJar(BC_MANIFEST)),
                        file("/opt/lib/bcprov-jdk18on-1.86.pom", pom("<groupId>org.bouncycastle</groupId>"
                                + "<artifactId>bcprov-jdk18on</artifactId><version>1.86</version>"))),
                List.of(TarEntry.file("/opt/lib/.wh.bcprov-jdk18on-1.86.pom", 0644, new byte[0]))));

        assertThat(dump(found)).containsExactly("pkg:maven/bcprov@1.86 [] @ /opt/lib/bcprov-jdk18on-1.86.jar");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void find_skipsADeeplyNestedPomWithANoteInLinearTime() throws Exception {
        String open = "<a>".repeat(140_000);
        String close = "</a>".repeat(140_000);
        byte[] deep = pom("<groupId>g</groupId><artifactId>deep</artifactId><version>1</version>" + open + close);
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(
                file("/opt/lib/deep-1.jar", TestArchives.manifestJar(
                        "Implementation-Title: deep\r\nImplementation-Version: 1\r\n")),
                file("/opt/lib/deep-1.pom", deep),
                // The same pom inside a jar only costs that jar its licences.
                file("/opt/lib/inner-2.jar", TestArchives.zip(Map.of(
                        "META-INF/maven/g/inner/pom.properties", bytes("groupId=g\nartifactId=inner\nversion=2\n"),
                        "META-INF/maven/g/inner/pom.xml", pom("<licenses><license><name>MIT</name></license>"
                                + "</licenses>" + open + close)))))));

        assertThat(dump(found)).containsExactly("pkg:maven/deep@1 [] @ /opt/lib/deep-1.jar",
                "pkg:maven/g/inner@2 [] @ /opt/lib/inner-2.jar");
        assertThat(found.notes()).extracting(ImageComponents.Note::path, ImageComponents.Note::message)
                .contains(org.assertj.core.groups.Tuple.tuple("/opt/lib/deep-1.pom",
                        "not read as a Maven pom: elements nested more than 64 deep"));
    }

    @Test
    void find_pairsAClassifierWithDashesAndLetsTheJarsOwnPomPropertiesWin() throws Exception {
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(
                file("/opt/lib/netty-epoll-4.1.Final-linux-x86_64.jar",
                        TestArchives.zip(Map.of("E.class", new byte[4]))),
                file("/opt/lib/netty-epoll-4.1.Final.pom", pom("<groupId>io.netty</groupId>"
                        + "<artifactId>netty-epoll</artifactId><version>4.1.Final</version>")),
                // Its own pom.properties say g:a; the pom beside (same artifact and version) says another group.
                file("/opt/lib/a-1.jar", mavenJar("g", "a", "1", null)),
                file("/opt/lib/a-1.pom",
                        pom("<groupId>other</groupId><artifactId>a</artifactId><version>1</version>")))));

        assertThat(dump(found)).containsExactly("pkg:maven/g/a@1 [] @ /opt/lib/a-1.jar",
                "pkg:maven/io.netty/netty-epoll@4.1.Final [] @ /opt/lib/netty-epoll-4.1.Final-linux-x86_64.jar");
    }
}
