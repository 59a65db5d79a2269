package dev.bulwark.cli;

import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.keys.PasswordSource;
import dev.bulwark.attest.keys.SigningKey;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.TempFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;

import dev.bulwark.attest.AttestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec.Target;

/** {@code bulwark key generate}: an ECDSA P-256 key pair in cosign's file formats. */
@Command(name = "key",
        footer = {"", "Examples:",
                "  bulwark key generate",
                "  bulwark key generate --output-key-prefix release"},
        mixinStandardHelpOptions = true, header = "Manage signing keys.",
        description = {"Manage signing keys. 'bulwark key generate' writes an ECDSA P-256 key pair in cosign's formats;",
                "'sign', 'attest' and 'build --sign-key' take the private key, 'verify' and 'verify-attestation'",
                "(and 'cosign verify --key') the public one. Keys from 'cosign generate-key-pair' work as well."},
        subcommands = KeyCommand.Generate.class)
final class KeyCommand {

    @Command(name = "generate",
        footer = {"", "Examples:",
                "  bulwark key generate",
                "  COSIGN_PASSWORD=... bulwark key generate --output-key-prefix release"},
        mixinStandardHelpOptions = true,
            description = {"Write an ECDSA P-256 key pair: PREFIX.key (cosign's encrypted format, password from",
                    "COSIGN_PASSWORD or a prompt) and PREFIX.pub (PEM). cosign reads both; Bulwark also reads keys",
                    "from 'cosign generate-key-pair' and PKCS#8 keys from openssl."})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--output-key-prefix", paramLabel = "PREFIX", defaultValue = "cosign",
                description = "File name prefix (default: ${DEFAULT-VALUE}).")
        String prefix;
        @Option(names = "--force", description = "Overwrite existing key files.")
        boolean force;
        @picocli.CommandLine.Spec(Target.SELF)
        CommandSpec self;
        /** Where the password comes from; tests set it, the CLI uses COSIGN_PASSWORD or a prompt. */
        PasswordSource passwords;

        @Override
        public Integer call() throws BulwarkException {
            Path key = Path.of(prefix + ".key");
            Path pub = Path.of(prefix + ".pub");
            if (!force && (Files.exists(key) || Files.exists(pub))) {
                throw new AttestException(Kind.BAD_INPUT, "cannot write key pair: " + key + " or " + pub
                        + " exists (use --force to overwrite)");
            }
            SecureRandom random = new SecureRandom();
            SigningKey pair = Keys.generate(random);
            char[] password = (passwords != null ? passwords : PasswordSource.cosignStyle(System.getenv(), System.console()))
                    .password(true);
            try {
                write(key, Keys.encodePrivate(pair, password, random), true);
                write(pub, Keys.encodePublic(pair.publicKey()), false);
            } catch (IOException e) {
                throw new AttestException(Kind.ENVIRONMENT, "cannot write key pair " + key + ": " + e.getMessage(), e);
            } finally {
                Arrays.fill(password, '\0');
            }
            PrintWriter out = self.commandLine().getOut();
            out.println("Private key written to " + key + " (mode 0600)");
            out.println("Public key written to " + pub);
            out.flush();
            return 0;
        }

        /** Written beside the target and renamed into place; the private key is 0600 from the start, as cosign's. */
        private static void write(Path target, String text, boolean secret) throws IOException {
            Path dir = target.toAbsolutePath().getParent();
            String label = target.getFileName().toString();
            Path temp = secret ? TempFiles.createPrivateFile(dir, label) : TempFiles.createFile(dir, label);
            try {
                Files.writeString(temp, text, StandardCharsets.US_ASCII);
                TempFiles.replace(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
