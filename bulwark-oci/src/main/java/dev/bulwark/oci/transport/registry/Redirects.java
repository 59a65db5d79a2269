package dev.bulwark.oci.transport.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Which redirects a registry client follows, and where to. The client follows them itself (the JDK's own
 * following copies the Authorization header to any host a registry names): at most {@value #MAX} for one request,
 * only to http(s), never from https to http; a GET or HEAD for any of 301, 302, 303, 307 and 308, a request with a
 * body (an upload) only for 307 and 308, which keep method and body.
 */
final class Redirects {
    /** As many as the JDK's own client (and the Debian archive transport) follows. */
    static final int MAX = 5;
    private static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308);

    private Redirects() {
    }

    /** Whether an answer is a redirect to follow: one of the statuses above, with a Location. */
    static boolean isRedirect(int status, String location) {
        return STATUSES.contains(status) && location != null;
    }

    /**
     * Where the redirect {@code status} to {@code location} (resolved against {@code from}, the request's URI) of a
     * {@code method} request leads; an {@link IllegalArgumentException} saying why it is not followed.
     */
    static URI target(URI from, String method, int status, String location) {
        if (!method.equals("GET") && !method.equals("HEAD") && status != 307 && status != 308) {
            throw new IllegalArgumentException("the registry redirects the " + method + " with HTTP " + status
                    + " to " + location + ", which would drop its body; only 307 or 308 is followed for it");
        }
        URI to;
        try {
            to = from.resolve(new URI(location.trim()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the registry redirects to a malformed location: " + location);
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || to.getHost() == null) {
            throw new IllegalArgumentException("the registry redirects to " + to + ", which is not an http(s) address");
        }
        if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw new IllegalArgumentException("the registry redirects from https to plain http (" + to
                    + "), which is not followed");
        }
        return to;
    }

    /** Whether two addresses have the same scheme, host and port: credentials for one may go to the other. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
