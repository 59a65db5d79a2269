package dev.bulwark.oci.ref;

import dev.bulwark.core.BulwarkException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {
    static final String D = "sha256:abababababababababababababababababababababababababababababababab";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "oci:out/python3                      | OciLayout[dir=out/python3, tag=null]",
            "oci:out/python3:3.13                 | OciLayout[dir=out/python3, tag=3.13]",
            "oci:/abs/dir:latest                  | OciLayout[dir=/abs/dir, tag=latest]",
            "oci-archive:img.tar                  | OciArchive[file=img.tar, tag=null]",
            "docker-archive:img.tar               | DockerArchive[file=img.tar, name=null]",
            "docker-archive:img.tar:app           | DockerArchive[file=img.tar, name=app:latest]",
            "docker-archive:img.tar:app:1.0       | DockerArchive[file=img.tar, name=app:1.0]",
            "docker-archive:img.tar:reg.example:5000/team/app:1 | DockerArchive[file=img.tar, name=reg.example:5000/team/app:1]",
            "docker://reg.example/team/app:1.0    | Registry[host=reg.example, repository=team/app, tag=1.0, digest=null]",
            "docker://localhost:5000/app          | Registry[host=localhost:5000, repository=app, tag=latest, digest=null]",
            "docker://reg.example/app@" + D + "   | Registry[host=reg.example, repository=app, tag=null, digest=" + D + "]",
            "reg.example:5000/base/python3:3.13   | Registry[host=reg.example:5000, repository=base/python3, tag=3.13, digest=null]",
            "localhost/app:dev                    | Registry[host=localhost, repository=app, tag=dev, digest=null]",
    })
    void parse_goodReferences(String input, String expected) throws Exception {
        ImageReference ref = ImageReference.parse(input);
        assertThat(describe(ref)).isEqualTo(expected);
        assertThat(ImageReference.parse(ref.toString())).as("parse(toString()) round trip").isEqualTo(ref);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"                              | empty reference",
            "python3                         | unknown transport",
            "oci:                            | the path is empty",
            "oci:dir:bad tag                 | not a valid tag",
            "oci:dir:-x                      | not a valid tag",
            "docker-archive::app             | the path is empty",
            "docker-archive:x.tar:App        | not a valid repository name",
            "docker:reg.example/app          | expected docker://HOST/REPO",
            "docker://app:1.0                | expected HOST/REPO",
            "docker://library/app:1.0        | 'library' is not a registry host",
            "team/app:1.0                    | 'team' is not a registry host",
            "docker://reg.example/App:1      | not a valid repository name",
            "docker://reg.example/app@sha256:abc | cannot parse digest",
            "docker://reg.example/app:1@" + D + " | a tag or a digest, not both",
            "docker://reg.example/            | not a valid repository name",
    })
    void parse_badReferences_areBadInputNamingTheProblem(String input, String message) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(ReferenceParseException.class)
                .hasMessageContaining("cannot parse image reference")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((BulwarkException) e).kind()).isEqualTo(BulwarkException.Kind.BAD_INPUT));
    }

    private static String describe(ImageReference r) {
        if (r instanceof ImageReference.OciLayout o) {
            return "OciLayout[dir=" + o.dir() + ", tag=" + o.tag() + "]";
        } else if (r instanceof ImageReference.OciArchive o) {
            return "OciArchive[file=" + o.file() + ", tag=" + o.tag() + "]";
        } else if (r instanceof ImageReference.DockerArchive o) {
            return "DockerArchive[file=" + o.file() + ", name=" + o.name() + "]";
        } else if (r instanceof ImageReference.Registry o) {
            return "Registry[host=" + o.host() + ", repository=" + o.repository() + ", tag=" + o.tag()
                    + ", digest=" + o.digest() + "]";
        }
        throw new IllegalStateException("unknown reference " + r);
    }
}
