package dev.bulwark.server.dashboard;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's HTML: Mustache templates (resources under {@code dashboard/}) compiled once at start. Every
 * {@code {{value}}} is HTML-escaped by the library; only the server-made chart is inserted raw.
 */
final class Pages {
    private static final List<String> NAMES = List.of("login", "fleet", "image", "compare", "error");

    private final Map<String, Mustache> templates = new HashMap<>();
    private final byte[] css;

    Pages() {
        DefaultMustacheFactory factory = new DefaultMustacheFactory("dashboard");
        for (String name : NAMES) {
            templates.put(name, factory.compile(name + ".mustache"));
        }
        try (InputStream in = Pages.class.getClassLoader().getResourceAsStream("dashboard/dashboard.css")) {
            if (in == null) {
                throw new IllegalStateException("the build lost dashboard/dashboard.css");
            }
            css = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String render(String name, Map<String, Object> scope) {
        Mustache m = templates.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no dashboard template " + name);
        }
        StringWriter out = new StringWriter(16 * 1024);
        m.execute(out, scope);
        return out.toString();
    }

    byte[] css() {
        return css.clone();
    }
}
