package dev.bulwark.policy.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The detector on a planted corpus (every secret must be found, each by the right detector) and on clean text that
 * looks like secrets but is not (public certificates, documented example keys, code, hashes): no false alarms.
 * Secrets are made in code, with a fixed seed, so no real credential is ever checked in.
 */
class SecretDetectorTest {
    private static final Random RANDOM = new Random(15);
    private final SecretDetector detector = new SecretDetector(List.of());

    static String random(String alphabet, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** Planted files: path → (content, the detector that must fire). */
    static Map<String, String[]> planted() throws Exception {
        Map<String, String[]> m = new LinkedHashMap<>();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String rsaPem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        m.put("/etc/ssl/private/server.key", new String[] {rsaPem, "private-key"});
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        String ecPem = "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(ec.generateKeyPair().getPrivate().getEncoded()) + "\n-----END EC PRIVATE KEY-----\n";
        m.put("/root/.ssh/id_ecdsa", new String[] {ecPem, "private-key"});
        m.put("/home/app/.ssh/id_ed25519", new String[] {"-----BEGIN OPENSSH PRIVATE KEY-----\n"
                + random(ALNUM, 70) + "\n" + random(ALNUM, 70) + "\n-----END OPENSSH PRIVATE KEY-----\n", "private-key"});
        String json = rsaPem.replace("\n", "\\n");
        m.put("/app/service-account.json", new String[] {"{\n  \"type\": \"service_account\",\n  \"project_id\": \"p\",\n"
                + "  \"private_key\": \"" + json + "\"\n}\n", "private-key"});
        m.put("/root/.aws/credentials", new String[] {"[default]\naws_access_key_id = AKIA" + random(UPPER_DIGITS, 16)
                + "\n", "aws-access-key-id"});
        m.put("/home/app/.aws/credentials", new String[] {"[default]\naws_secret_access_key = "
                + random(ALNUM + "/+", 40) + "\n", "aws-secret-access-key"});
        m.put("/home/app/.git-credentials", new String[] {"https://user:ghp_" + random(ALNUM, 36) + "@github.com\n",
                "github-token"});
        m.put("/app/gitlab.env", new String[] {"CI_TOKEN_VALUE glpat-" + random(ALNUM, 20) + "\n", "gitlab-token"});
        m.put("/app/slack.py", new String[] {"client = WebClient(xoxb_value)\nxoxb-" + random("0123456789", 12) + "-"
                + random(ALNUM, 24) + "\n", "slack-token"});
        m.put("/app/billing.rb", new String[] {"Stripe.api_key = ENV.fetch('X', 'sk_live_" + random(ALNUM, 24) + "')\n",
                "stripe-key"});
        m.put("/app/static/maps.js", new String[] {"const k = 'AIza" + random(ALNUM + "-_", 35) + "';\n", "google-api-key"});
        m.put("/app/session.txt", new String[] {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0." + random(ALNUM, 43) + "\n",
                "jwt"});
        m.put("/home/app/.npmrc", new String[] {"//registry.npmjs.org/:_authToken=" + random(ALNUM, 36) + "\n",
                "generic-secret"});
        m.put("/app/.env", new String[] {"DATABASE_PASSWORD=" + random(ALNUM, 24) + "\n", "generic-secret"});
        m.put("/root/.docker/config.json", new String[] {"{\"auths\":{\"r.example\":{\"auth\":\""
                + Base64.getEncoder().encodeToString(("u:" + random(ALNUM, 20)).getBytes()) + "\"}}}\n", "generic-secret"});
        m.put("/app/settings.py", new String[] {"SECRET_KEY = '" + random(ALNUM + "!@#%^&*", 50) + "'\n", "generic-secret"});
        return m;
    }

    @Test
    void plantedCorpus_everySecretIsFoundByItsDetector() throws Exception {
        for (Map.Entry<String, String[]> e : planted().entrySet()) {
            List<SecretFinding> found = detector.scan(e.getKey(), e.getValue()[0], true);
            assertThat(found).as(e.getKey()).extracting(SecretFinding::detector).contains(e.getValue()[1]);
            assertThat(found).as("never prints the secret itself").allSatisfy(f ->
                    assertThat(e.getValue()[0]).doesNotContain(f.redacted()));
        }
    }

    @Test
    void cleanCorpus_raisesNothing() {
        Map<String, String> clean = new LinkedHashMap<>();
        clean.put("/etc/ssl/certs/ca.pem", "-----BEGIN CERTIFICATE-----\n" + "MIIBszCCAVmgAwIBAgIUQ2pz".repeat(3)
                + "\n-----END CERTIFICATE-----\n");
        clean.put("/usr/share/doc/openssl/HOWTO", "A key file starts with -----BEGIN RSA PRIVATE KEY----- and ends with"
                + " the matching END line.\n");
        clean.put("/usr/share/doc/aws/README", "Set aws_access_key_id = AKIAIOSFODNN7EXAMPLE in the file.\n"
                + "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
        clean.put("/usr/lib/python3.13/getpass.py", "def getpass(prompt='Password: '):\n    password = input(prompt)\n"
                + "    token = self._next_token()\n    api_key = os.environ['API_KEY']\n    secret = None\n");
        clean.put("/var/lib/dpkg/status.d/libc6.md5sums", "e3b0c44298fc1c149afbf4c8996fb924  usr/lib/libc.so.6\n");
        clean.put("/etc/app.conf", "password = ${DB_PASSWORD}\nauth_token: <your-token-here>\nsecret_key = changeme\n"
                + "auth = \"none\"\npassword_file = /run/secrets/db_password\n");
        clean.put("/usr/lib/python3.13/uuid.py", "NAMESPACE_DNS = UUID('6ba7b810-9dad-11d1-80b4-00c04fd430c8')\n");
        clean.put("/usr/lib/python3.13/http/server.py", "                        authorization = base64.decodebytes(authorization).\\\n"
                + "        token = self._fp.read(1)[0]\n            auth_str = base64.standard_b64encode(credentials).decode()\n");
        clean.put("/etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\n");
        for (Map.Entry<String, String> e : clean.entrySet()) {
            assertThat(detector.scan(e.getKey(), e.getValue(), true)).as(e.getKey()).isEmpty();
        }
    }

    @Test
    void allowValues_silencesAKnownTestKey() throws Exception {
        String key = "AKIA" + random(UPPER_DIGITS, 16);
        SecretDetector allowing = new SecretDetector(List.of(Pattern.compile(Pattern.quote(key))));
        assertThat(detector.scan("/f", "id = " + key, true)).isNotEmpty();
        assertThat(allowing.scan("/f", "id = " + key, true)).isEmpty();
    }

    @Test
    void entropy_separatesRandomFromWords() {
        assertThat(SecretDetector.looksRandom("Zx81kQp0Lm2vN7sW4rT9yB3c")).isTrue();
        assertThat(SecretDetector.looksRandom("passwordpassword1")).isFalse();
        assertThat(SecretDetector.looksRandom("aaaaaaaaaaaaaaaaaaaa")).isFalse();
    }
}
