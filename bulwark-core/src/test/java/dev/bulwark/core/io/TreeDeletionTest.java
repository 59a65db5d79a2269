package dev.bulwark.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TreeDeletionTest {
    @TempDir
    Path tmp;

    @Test
    void delete_removesATreeAndCountsTheBytesOfItsRegularFiles() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.write(tree.resolve("f"), new byte[1000]);
        Files.write(tmp.resolve("tree/a/g"), new byte[24]);
        Files.createSymbolicLink(tmp.resolve("tree/link"), Path.of("a/g"));

        assertThat(TreeDeletion.delete(tmp.resolve("tree"))).isEqualTo(1024);
        assertThat(tmp.resolve("tree")).doesNotExist();
    }

    @Test
    void delete_countsAFileWithSeveralHardLinksInTheTreeOnce() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/bin"));
        Files.write(tree.resolve("python3.13"), new byte[1000]);
        Files.createLink(tree.resolve("python3"), tree.resolve("python3.13"));
        Files.createLink(tmp.resolve("tree/python"), tree.resolve("python3.13"));
        Files.write(tree.resolve("other"), new byte[24]);

        assertThat(TreeDeletion.delete(tmp.resolve("tree"))).isEqualTo(1024);
        assertThat(tmp.resolve("tree")).doesNotExist();
    }

    @Test
    void delete_removesLinksWithoutFollowingThem() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "keep");
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.createSymbolicLink(tree.resolve("to-outside"), outside);
        Files.createSymbolicLink(tmp.resolve("top-link"), outside);

        assertThat(TreeDeletion.delete(tmp.resolve("top-link"))).isZero();
        assertThat(TreeDeletion.delete(tree)).isZero();

        assertThat(tmp.resolve("top-link")).doesNotExist();
        assertThat(tree).doesNotExist();
        assertThat(outside.resolve("keep")).hasContent("keep");
    }

    @Test
    void delete_ofAMissingPathIsNothingToDo() throws Exception {
        assertThat(TreeDeletion.delete(tmp.resolve("gone"))).isZero();
    }

    @Test
    void delete_neverFollowsADirectorySwappedForALinkWhileItRuns() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside/victim"));
        Files.writeString(outside.resolve("f"), "keep");
        Path d = Files.createDirectories(tmp.resolve("tree/D/victim")).getParent();
        Files.writeString(d.resolve("victim/f"), "inside");
        Path moved = tmp.resolve("moved");

        // once D's entries are listed, D is moved away and a link to another tree takes its place
        assertThatThrownBy(() -> TreeDeletion.delete(tmp.resolve("tree"), listed -> {
            if (listed.equals(d)) {
                try {
                    Files.move(d, moved);
                    Files.createSymbolicLink(d, tmp.resolve("outside"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        })).isInstanceOf(IOException.class);

        assertThat(outside.resolve("f")).hasContent("keep");
        assertThat(moved.resolve("victim")).as("what went is what D held when it was opened").doesNotExist();
        assertThat(Files.isSymbolicLink(d)).isTrue();
        assertThat(Files.exists(tmp.resolve("outside"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void delete_toleratesEntriesRemovedByAnotherProcessMeanwhile() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
        Files.writeString(tree.resolve("f"), "x");
        Files.writeString(tmp.resolve("tree/g"), "y");

        // another prune got to sub first, between our listing and our removal
        long freed = TreeDeletion.delete(tmp.resolve("tree"), listed -> {
            if (listed.equals(tmp.resolve("tree"))) {
                try {
                    Files.delete(tree.resolve("f"));
                    Files.delete(tree);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });

        assertThat(freed).isEqualTo(1);
        assertThat(tmp.resolve("tree")).doesNotExist();
    }
}
