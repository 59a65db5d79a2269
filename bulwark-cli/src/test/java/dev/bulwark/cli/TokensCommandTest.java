package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensCommandTest {
    @TempDir
    Path dir;

    @Test
    void create_list_revoke_neverShowTheTokenAgain() {
        String db = dir.resolve("catalog.db").toString();
        CliRun created = CliRun.of("tokens", "create", "--role", "build", "--catalog", db);
        assertThat(created.exitCode()).as(created.err()).isZero();
        String token = created.out().strip();
        assertThat(token).matches("bwk_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("created token build-1 (id 1, role build)");

        CliRun list = CliRun.of("tokens", "list", "--catalog", db);
        assertThat(list.out()).contains("build-1").contains("never").contains("active")
                .doesNotContain(token.substring(4));
        assertThat(CliRun.of("tokens", "revoke", "1", "--catalog", db).out()).contains("revoked token build-1 (id 1)");
        assertThat(CliRun.of("tokens", "list", "--catalog", db).out()).contains("revoked 20");
    }

    @Test
    void badRoleOrUnknownToken_exitTwo() {
        String db = dir.resolve("catalog.db").toString();
        CliRun role = CliRun.of("tokens", "create", "--role", "root", "--catalog", db);
        assertThat(role.exitCode()).isEqualTo(2);
        assertThat(role.err()).contains("cannot use role 'root': give read, build or admin");
        CliRun revoke = CliRun.of("tokens", "revoke", "ghost", "--catalog", db);
        assertThat(revoke.exitCode()).isEqualTo(2);
        assertThat(revoke.err()).contains("cannot revoke token ghost");
    }

    @Test
    void serve_refusesHalfATlsPairOrABadAddress() {
        String db = dir.resolve("catalog.db").toString();
        CliRun half = CliRun.of("serve", "--tls-cert", "cert.pem", "--catalog", db);
        assertThat(half.exitCode()).isEqualTo(2);
        assertThat(half.err()).contains("give both --tls-cert and --tls-key");
        CliRun listen = CliRun.of("serve", "--listen", "localhost", "--catalog", db);
        assertThat(listen.exitCode()).isEqualTo(2);
        assertThat(listen.err()).contains("cannot listen on 'localhost': give HOST:PORT");
    }
}
