package dev.bulwark.oci.transport.registry;

import java.net.URI;

/** Where a client confined to its registry (an outside reference's) may fetch a bearer token, and with what. */
final class TokenRealm {
    private TokenRealm() {
    }

    /**
     * A token realm a confined client accepts: HTTPS when the registry at {@code base} is (else an
     * {@link IllegalArgumentException}); true when it is on the registry's own host and port, so the credentials
     * may go there (else it is asked without them).
     */
    static boolean check(URI base, String realm) {
        URI r;
        try {
            r = new URI(realm);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("the registry's token realm is not an address");
        }
        String scheme = r.getScheme() == null ? "" : r.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && base.getScheme().equals("http"))
                || r.getHost() == null) {
            throw new IllegalArgumentException("the registry names a token realm that is not HTTPS; refused");
        }
        return r.getHost().equalsIgnoreCase(base.getHost()) && Redirects.port(r) == Redirects.port(base);
    }
}
