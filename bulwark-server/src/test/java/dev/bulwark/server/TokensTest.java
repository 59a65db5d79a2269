package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.server.auth.IssuedToken;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.auth.Token;
import dev.bulwark.server.auth.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    @TempDir
    Path dir;
    Tokens tokens;
    Path db;

    @BeforeEach
    void open() throws Exception {
        db = dir.resolve("catalog.db");
        tokens = new Tokens(CatalogDatabase.open(new CatalogLocation.SqliteFile(db), Duration.ofSeconds(5)),
                Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC), new SecureRandom());
    }

    @Test
    void create_givesA256BitSecretOnce_andStoresOnlyItsSha256() throws Exception {
        IssuedToken t = tokens.create(Role.BUILD, "ci");
        assertThat(t.secret()).matches("bwk_[A-Za-z0-9_-]{43}");
        assertThat(t.toString()).doesNotContain(t.secret().substring(4));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(t.secret().getBytes(StandardCharsets.US_ASCII)));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM tokens")) {
            assertThat(rs.next()).isTrue();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                assertThat(String.valueOf(rs.getString(i))).doesNotContain(t.secret().substring(4));
            }
            assertThat(rs.getString("token_sha256")).isEqualTo(hash);
        }
        // Neither the database file nor its write-ahead log holds the secret.
        for (Path f : Files.list(dir).toList()) {
            assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(t.secret());
        }
    }

    @Test
    void authenticate_acceptsTheSecret_andRecordsItsUse() throws Exception {
        IssuedToken t = tokens.create(Role.READ, null);
        assertThat(t.token().name()).isEqualTo("read-1");
        Token found = tokens.authenticate(t.secret()).orElseThrow();
        assertThat(found.role()).isEqualTo(Role.READ);
        assertThat(lastUsed()).isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
        assertThat(tokens.authenticate(t.secret() + "x")).isEmpty();
        assertThat(tokens.authenticate(t.secret().substring(0, 20))).isEmpty();
        assertThat(tokens.authenticate("Bearer")).isEmpty();
    }

    @Test
    void authenticate_doesNotWaitForTheWriteLock_theUseIsRecordedOnceItIsFree() throws Exception {
        IssuedToken t = tokens.create(Role.READ, null);
        Optional<Token> found;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");   // another writer (a worker, a watcher) holds the write lock
            found = tokens.authenticate(t.secret());
            s.execute("ROLLBACK");
        }
        assertThat(found).as("answered while the write lock was held, not after the busy timeout").isPresent();
        assertThat(lastUsed()).isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
    }

    @Test
    void revoke_ofADigitRunTooLongForAnId_isNoSuchToken() {
        assertThatThrownBy(() -> tokens.revoke("99999999999999999999")).hasMessageContaining("there is no token");
    }

    /** The first token's recorded last use, once the background write has landed (at most 10 s). */
    private Instant lastUsed() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (tokens.list().get(0).lastUsedAt() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return tokens.list().get(0).lastUsedAt();
    }

    @Test
    void revoke_byNameOrId_stopsTheToken_andIsListed() throws Exception {
        IssuedToken a = tokens.create(Role.ADMIN, "ops");
        IssuedToken b = tokens.create(Role.READ, "dash");
        tokens.revoke("ops");
        tokens.revoke(Long.toString(b.token().id()));
        assertThat(tokens.authenticate(a.secret())).isEmpty();
        assertThat(tokens.authenticate(b.secret())).isEmpty();
        assertThat(tokens.list()).extracting(Token::name, Token::revoked).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ops", true), org.assertj.core.groups.Tuple.tuple("dash", true));
        assertThatThrownBy(() -> tokens.revoke("ghost")).hasMessageContaining("cannot revoke token ghost");
    }

    @Test
    void create_refusesADuplicateOrBadName() throws Exception {
        tokens.create(Role.READ, "ci");
        assertThatThrownBy(() -> tokens.create(Role.ADMIN, "ci")).hasMessageContaining("a token of that name exists");
        assertThatThrownBy(() -> tokens.create(Role.ADMIN, "42")).hasMessageContaining("starting with a letter");
        assertThatThrownBy(() -> tokens.create(Role.ADMIN, "a b")).hasMessageContaining("cannot create token 'a b'");
    }

    @Test
    void roles_includeTheOnesBelow() throws Exception {
        assertThat(Role.ADMIN.includes(Role.BUILD)).isTrue();
        assertThat(Role.BUILD.includes(Role.READ)).isTrue();
        assertThat(Role.READ.includes(Role.BUILD)).isFalse();
        assertThat(Role.parse("build")).isEqualTo(Role.BUILD);
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("give read, build or admin");
    }
}
