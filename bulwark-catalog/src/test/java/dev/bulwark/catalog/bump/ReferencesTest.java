package dev.bulwark.catalog.bump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where pinned references are found in Dockerfiles, Kubernetes manifests and Helm values — and where not. */
class ReferencesTest {
    static final String D1 = "sha256:" + "1".repeat(64);
    static final String D2 = "sha256:" + "2".repeat(64);
    static final String D3 = "sha256:" + "3".repeat(64);

    private static List<String> shown(String text, List<Occurrence> found) {
        return found.stream().map(o -> o.line() + " " + o.where() + " " + o.reference().repository() + " "
                + o.reference().tag() + " " + text.substring(o.digestAt(), o.digestAt() + Occurrence.DIGEST_LENGTH)
                .equals(o.reference().digest())).toList();
    }

    @Test
    void dockerfile_findsFromWithPlatformAndStageCopyFromAndContinuedLines() throws Exception {
        String text = "# syntax=docker/dockerfile:1\n"
                + "ARG BASE=127.0.0.1:5000/python3@" + D3 + "\n"
                + "FROM --platform=$BUILDPLATFORM 127.0.0.1:5000/python3:3.13@" + D1 + " AS build\n"
                + "RUN echo FROM 127.0.0.1:5000/ignored@" + D2 + "\n"
                + "from \\\n"
                + "  # a comment inside the instruction\n"
                + "    127.0.0.1:5000/static@" + D2 + "\r\n"
                + "COPY --chown=1:1 --from=127.0.0.1:5000/tools:1@" + D3 + " /bin/x /x\n"
                + "COPY --from=build /app /app\n"
                + "FROM python:3.12@" + D1 + "\n"
                + "FROM ${BASE}\n";
        List<Occurrence> found = DockerfileReferences.find(text);
        assertThat(shown(text, found)).containsExactly(
                "3 FROM 127.0.0.1:5000/python3 3.13 true",
                "7 FROM 127.0.0.1:5000/static null true",
                "8 COPY --from 127.0.0.1:5000/tools 1 true",
                "10 FROM docker.io/library/python 3.12 true");
    }

    @Test
    void dockerfile_skipsHeredocBodies() throws Exception {
        String text = "FROM 127.0.0.1:5000/a@" + D1 + "\nRUN <<EOF\nFROM 127.0.0.1:5000/b@" + D2 + "\nEOF\n"
                + "FROM 127.0.0.1:5000/c@" + D3 + "\n";
        assertThat(DockerfileReferences.find(text)).extracting(o -> o.reference().repository())
                .containsExactly("127.0.0.1:5000/a", "127.0.0.1:5000/c");
    }

    @Test
    void dockerfile_fromWithoutImage_isAnErrorWithItsLine() {
        assertThatThrownBy(() -> DockerfileReferences.find("FROM 127.0.0.1:5000/a@" + D1 + "\n\nFROM --platform=x\n"))
                .isInstanceOf(FileParseException.class).hasMessage("FROM names no image")
                .satisfies(e -> assertThat(((FileParseException) e).line()).isEqualTo(3));
    }

    @Test
    void kubernetes_findsEveryImageInMultiDocumentListsCronJobsAndInitContainers() throws Exception {
        String text = """
                # deployment
                apiVersion: apps/v1
                kind: Deployment
                spec:
                  template:
                    spec:
                      initContainers:
                        - name: init
                          image: "127.0.0.1:5000/static@%1$s"   # quoted, with a comment
                      containers:
                        - {name: app, image: '127.0.0.1:5000/python3:3.13@%2$s'}
                        - name: side
                          image: 127.0.0.1:5000/unpinned:1
                ---
                apiVersion: v1
                kind: List
                items:
                  - kind: CronJob
                    spec:
                      jobTemplate:
                        spec:
                          template:
                            spec:
                              containers:
                                - name: job
                                  image: >-
                                    127.0.0.1:5000/python3@%3$s
                """.formatted(D1, D2, D3);
        List<Occurrence> found = YamlReferences.find(text);
        assertThat(shown(text, found)).containsExactly(
                "9 image 127.0.0.1:5000/static null true",
                "11 image 127.0.0.1:5000/python3 3.13 true",
                "27 image 127.0.0.1:5000/python3 null true");
    }

    @Test
    void helm_findsTheRepositoryTagDigestMapAndPlainImageValues() throws Exception {
        String text = """
                image:
                  registry: 127.0.0.1:5000
                  repository: python3
                  tag: "3.13"
                  digest: "%1$s"
                sidecar:
                  image: 127.0.0.1:5000/static@%2$s
                other:
                  repository: 127.0.0.1:5000/node
                  digest: %3$s
                """.formatted(D1, D2, D3);
        assertThat(shown(text, YamlReferences.find(text))).containsExactly(
                "5 digest 127.0.0.1:5000/python3 3.13 true",
                "7 image 127.0.0.1:5000/static null true",
                "10 digest 127.0.0.1:5000/node null true");
    }

    @Test
    void yaml_withCrlfAndNonAsciiText_locatesTheDigestCharacters() throws Exception {
        String text = "# café ☕ 𝄞\r\nimage: 127.0.0.1:5000/static@" + D1 + "\r\nname: ü\r\n";
        Occurrence o = YamlReferences.find(text).get(0);
        assertThat(o.line()).isEqualTo(2);
        assertThat(text.substring(o.digestAt(), o.digestAt() + 71)).isEqualTo(D1);
    }

    @Test
    void yaml_thatDoesNotParse_isAnErrorWithItsLine() {
        assertThatThrownBy(() -> YamlReferences.find("a: 1\nb:\n  - x\n  y: [\n"))
                .isInstanceOf(FileParseException.class).hasMessageStartingWith("not valid YAML")
                .satisfies(e -> assertThat(((FileParseException) e).line()).isBetween(4, 5));
    }

    @Test
    void pinnedReference_normalizesDockerHubAndRefusesMalformedDigests() {
        assertThat(PinnedReference.parse("nginx@" + D1)).get().extracting(PinnedReference::repository)
                .isEqualTo("docker.io/library/nginx");
        assertThat(PinnedReference.parse("index.docker.io/bitnami/nginx:1@" + D1)).get()
                .extracting(PinnedReference::repository).isEqualTo("docker.io/bitnami/nginx");
        assertThat(PinnedReference.parse("127.0.0.1:5000/a@sha256:" + "A".repeat(64))).isEmpty();
        assertThat(PinnedReference.parse("127.0.0.1:5000/a@sha256:" + "1".repeat(63))).isEmpty();
        assertThat(PinnedReference.parse("127.0.0.1:5000/Upper@" + D1)).isEmpty();
        assertThat(PinnedReference.parse("127.0.0.1:5000/a:1")).isEmpty();
    }
}
