package dev.bulwark.server.api;

import dev.bulwark.core.BulwarkException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers as last rendered, each with the catalog version ({@link CatalogVersion}) it shows: an answer that costs
 * thousands of row reads (the image list, the fleet's vulnerabilities, a feed) is reused while the cheap
 * fingerprint holds, and rendered again once anything it could show has changed. At most {@link #SIZE} answers
 * are kept, the least recently used dropped first.
 */
final class Rendered {
    static final int SIZE = 64;

    @FunctionalInterface
    interface Render {
        String render() throws BulwarkException;
    }

    private record Entry(String version, String body) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > SIZE;
        }
    };

    /**
     * The answer for {@code key} at catalog {@code version}, rendered now when the one kept shows another version.
     * The version is read before rendering, so a write in between only makes the next request render again.
     */
    String get(String key, String version, Render render) throws BulwarkException {
        synchronized (entries) {
            Entry e = entries.get(key);
            if (e != null && e.version().equals(version)) {
                return e.body();
            }
        }
        String body = render.render();
        synchronized (entries) {
            entries.put(key, new Entry(version, body));
        }
        return body;
    }
}
