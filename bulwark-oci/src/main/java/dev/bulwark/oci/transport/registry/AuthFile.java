package dev.bulwark.oci.transport.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.internal.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a docker/podman auth file ({@code config.json} with an {@code auths} object). Entries are
 * keyed by host, optionally with a scheme or path ({@code https://host/v1/}); each has a base64
 * {@code auth} of {@code user:pass}, or {@code username} and {@code password}. Credential helpers
 * ({@code credHelpers}, {@code credsStore}) are not run.
 */
public final class AuthFile {
    private final Path file;
    private final JsonNode auths;

    private AuthFile(Path file, JsonNode auths) {
        this.file = file;
        this.auths = auths;
    }

    /**
     * The auth file to use: {@code explicit} when given (it must exist), else {@code REGISTRY_AUTH_FILE},
     * else {@code $DOCKER_CONFIG/config.json}, else {@code HOME/.docker/config.json}; empty when none exists.
     */
    public static Optional<AuthFile> locate(Path explicit, Map<String, String> env, Path home) throws OciException {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new OciException(Kind.BAD_INPUT, "cannot read auth file " + explicit + ": it does not exist");
            }
            return Optional.of(read(explicit));
        }
        String fromEnv = env.get("REGISTRY_AUTH_FILE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path p = Path.of(fromEnv);
            return Files.isRegularFile(p) ? Optional.of(read(p)) : Optional.empty();
        }
        String dockerConfig = env.get("DOCKER_CONFIG");
        Path p = dockerConfig != null && !dockerConfig.isBlank() ? Path.of(dockerConfig, "config.json")
                : home == null ? null : home.resolve(".docker").resolve("config.json");
        return p != null && Files.isRegularFile(p) ? Optional.of(read(p)) : Optional.empty();
    }

    public static AuthFile read(Path file) throws OciException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read auth file " + file + ": " + e.getMessage(), e);
        }
        JsonNode root = Json.read(bytes, "auth file " + file);
        return new AuthFile(file, root.path("auths"));
    }

    /** The credentials stored for a registry host ({@code host[:port]}), if any. */
    public Optional<Credentials> forHost(String host) throws OciException {
        for (String key : List.of(host, "https://" + host, "http://" + host, "https://" + host + "/v1/",
                "https://" + host + "/v2/")) {
            JsonNode entry = auths.get(key);
            if (entry != null && entry.isObject()) {
                return Optional.of(credentials(host, entry));
            }
        }
        var names = auths.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (host.equals(key.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", ""))) {
                return Optional.of(credentials(host, auths.get(key)));
            }
        }
        return Optional.empty();
    }

    private Credentials credentials(String host, JsonNode entry) throws OciException {
        String auth = Json.text(entry, "auth");
        if (auth != null && !auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new OciException(Kind.BAD_INPUT, "cannot read credentials for " + host + " from " + file
                        + ": 'auth' is not base64", e);
            }
            try {
                return Credentials.parse(decoded);
            } catch (OciException e) {
                throw new OciException(Kind.BAD_INPUT, "cannot read credentials for " + host + " from " + file
                        + ": 'auth' is not base64 of user:password", e);
            }
        }
        String user = Json.text(entry, "username");
        String pass = Json.text(entry, "password");
        if (user == null || user.isEmpty() || pass == null) {
            throw new OciException(Kind.BAD_INPUT, "cannot read credentials for " + host + " from " + file
                    + ": the entry has neither 'auth' nor 'username' and 'password'");
        }
        return new Credentials(user, pass);
    }
}
