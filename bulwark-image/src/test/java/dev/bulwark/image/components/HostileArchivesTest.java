package dev.bulwark.image.components;

import static dev.bulwark.image.components.TestArchives.bytes;
import static dev.bulwark.image.components.TestArchives.file;
import static dev.bulwark.image.components.TestArchives.image;
import static dev.bulwark.image.components.TestArchives.mavenJar;
import static dev.bulwark.image.components.TestArchives.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives built to hurt the reader: each is noted and skipped, and never stops the rest of the image. */
class HostileArchivesTest {

    @TempDir
    Path tmp;

    @Test
    void find_stopsAtTheNestingLimitAndKeepsWhatIsAbove() throws Exception {
        byte[] jar = mavenJar("g", "level10", "1", null);
        for (int level = 9; level >= 0; level--) {
            Map<String, byte[]> e = new LinkedHashMap<>();
            e.put("META-INF/maven/g/level" + level + "/pom.properties",
                    bytes("groupId=g\nartifactId=level" + level + "\nversion=1\n"));
            e.put("lib/inner.jar", jar);
            jar = zip(e);
        }
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(file("/deep.jar", jar))));

        assertThat(found.components()).extracting(Component::name)
                .containsExactlyInAnyOrder("level0", "level1", "level2", "level3", "level4");
        assertThat(found.notes()).singleElement().satisfies(n -> {
            assertThat(n.path()).isEqualTo("/deep.jar" + "!/lib/inner.jar".repeat(JavaArchives.MAX_DEPTH + 1));
            assertThat(n.message()).contains("nested more than 4 archives deep");
        });
    }

    @Test
    void find_skipsAMetadataEntryThatHoldsMoreThanTheLimit() throws Exception {
        byte[] huge = new byte[JavaArchives.MAX_METADATA + 10];
        java.util.Arrays.fill(huge, (byte) 'x');
        byte[] jar = zip(Map.of("META-INF/maven/g/a/pom.properties", huge, "META-INF/maven/g/a/pom.xml", huge));
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(file("/big.jar", jar),
                file("/ok.jar", mavenJar("g", "ok", "1", null)))));

        assertThat(found.components()).extracting(Component::name).containsExactly("ok");
        assertThat(found.notes()).extracting(ImageComponents.Note::path)
                .containsExactly("/big.jar!/META-INF/maven/g/a/pom.properties", "/big.jar!/META-INF/maven/g/a/pom.xml");
    }

    @Test
    void find_notesAnArchiveThatIsNotAZipAndAPackageJsonThatIsNotJson() throws Exception {
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(
                file("/junk.jar", bytes("PK\u0003\u0004 this is not really a zip at all, just a prefix")),
                file("/app/node_modules/bad/package.json", bytes("{\"name\": \"bad\", ")),
                file("/ok.jar", mavenJar("g", "ok", "1", null)))));

        assertThat(found.components()).extracting(Component::name).containsExactly("ok");
        assertThat(found.notes()).extracting(n -> n.path() + ": " + n.message().split(":")[0])
                .containsExactly("/app/node_modules/bad/package.json: not read as package.json",
                        "/junk.jar: not read as a Java archive");
    }

    @Test
    void find_readsLatin1NamesAndNotesNamesFlaggedUtf8ThatAreNot() throws Exception {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("caf\u00e9/readme.txt", bytes("hi"));
        e.put("META-INF/maven/g/latin/pom.properties", bytes("groupId=g\nartifactId=latin\nversion=1\n"));
        byte[] latin1 = zip(e, StandardCharsets.ISO_8859_1, false);
        byte[] lying = latin1.clone();
        lying[7] |= 0x08; // general purpose flag bit 11: "names are UTF-8", which 0xE9 alone is not
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(file("/latin.jar", latin1),
                file("/lying.jar", lying))));

        assertThat(found.components()).extracting(Component::location).containsExactly("/latin.jar");
        assertThat(found.notes()).extracting(ImageComponents.Note::path).containsExactly("/lying.jar");
    }

    @Test
    void budget_failsTheStreamOnceNestedBytesExceedTheLimit() throws IOException {
        Bounded.Budget budget = new Bounded.Budget(1000, "nested archives");
        InputStream in = budget.counting(new ByteArrayInputStream(new byte[5000]));
        assertThat(in.read(new byte[800])).isEqualTo(800);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> in.read(new byte[800]))
                .isInstanceOf(Bounded.LimitException.class).hasMessage("nested archives exceed 0 MiB");
        assertThat(budget.spent()).isTrue();
        assertThat(Bounded.read(new ByteArrayInputStream(new byte[11]), 10)).isNull();
        assertThat(Bounded.read(new ByteArrayInputStream(new byte[10]), 10)).hasSize(10);
    }
}
