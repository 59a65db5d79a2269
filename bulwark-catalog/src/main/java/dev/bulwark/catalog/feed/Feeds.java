package dev.bulwark.catalog.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.catalog.release.ReleaseJson;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Feeds of releases, newest first: JSON Feed 1.1 (the release's data in the {@code _bulwark} extension of each
 * item) and Atom (RFC 4287). Ids are {@code urn:uuid:} names derived from the feed's seed and each release's
 * event id, so they stay the same each time the feed is written.
 */
public final class Feeds {
    public static final String JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";
    public static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static final String AUTHOR = "Bulwark catalog";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Feeds() {
    }

    public static byte[] jsonFeed(FeedRequest request, List<Release> releases) {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("version", JSON_FEED_VERSION);
        feed.put("title", request.title());
        if (request.base() != null) {
            feed.put("home_page_url", request.base());
            feed.put("feed_url", request.base() + "/feed.json");
        }
        feed.put("description", description(request));
        feed.put("authors", List.of(Map.of("name", AUTHOR)));
        feed.put("language", "en");
        List<Object> items = new ArrayList<>();
        for (Release r : releases) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", entryId(request, r));
            item.put("url", ReleaseText.link(r, request.base()));
            item.put("title", r.title());
            item.put("summary", ReleaseText.summary(r));
            item.put("content_html", ReleaseText.html(r));
            item.put("content_text", ReleaseText.text(r));
            item.put("date_published", r.at().toString());
            item.put("tags", List.of(r.kind().label(), r.image()));
            item.put("_bulwark", ReleaseJson.data(r));
            items.add(item);
        }
        feed.put("items", items);
        try {
            return (MAPPER.writeValueAsString(feed) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a feed of plain maps", e);
        }
    }

    public static byte[] atom(FeedRequest request, List<Release> releases) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.setDefaultNamespace(ATOM_NS);
            x.writeStartElement(ATOM_NS, "feed");
            x.writeDefaultNamespace(ATOM_NS);
            element(x, "id", feedId(request));
            element(x, "title", request.title());
            element(x, "subtitle", description(request));
            element(x, "updated", (releases.isEmpty() ? request.now() : releases.get(0).at()).toString());
            x.writeStartElement(ATOM_NS, "author");
            element(x, "name", AUTHOR);
            x.writeEndElement();
            element(x, "generator", "Bulwark");
            if (request.base() != null) {
                link(x, "self", request.base() + "/feed.atom", "application/atom+xml");
                link(x, "alternate", request.base(), "text/html");
            }
            for (Release r : releases) {
                entry(x, request, r);
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write an Atom feed to memory", e);
        }
        return (bytes.toString(StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void entry(XMLStreamWriter x, FeedRequest request, Release r) throws XMLStreamException {
        x.writeCharacters("\n");
        x.writeStartElement(ATOM_NS, "entry");
        element(x, "id", entryId(request, r));
        element(x, "title", r.title());
        element(x, "updated", r.at().toString());
        element(x, "published", r.at().toString());
        link(x, "alternate", ReleaseText.link(r, request.base()), null);
        x.writeEmptyElement(ATOM_NS, "category");
        x.writeAttribute("term", r.kind().label());
        x.writeEmptyElement(ATOM_NS, "category");
        x.writeAttribute("term", r.image());
        element(x, "summary", ReleaseText.summary(r));
        x.writeStartElement(ATOM_NS, "content");
        x.writeAttribute("type", "html");
        x.writeCharacters(ReleaseText.html(r));
        x.writeEndElement();
        x.writeEndElement();
    }

    private static void element(XMLStreamWriter x, String name, String text) throws XMLStreamException {
        x.writeStartElement(ATOM_NS, name);
        x.writeCharacters(text);
        x.writeEndElement();
    }

    private static void link(XMLStreamWriter x, String rel, String href, String type) throws XMLStreamException {
        x.writeEmptyElement(ATOM_NS, "link");
        x.writeAttribute("rel", rel);
        x.writeAttribute("href", href);
        if (type != null) {
            x.writeAttribute("type", type);
        }
    }

    private static String description(FeedRequest request) {
        return "Releases of " + (request.image() == null ? "every catalogued image" : request.image())
                + ": what changed, the CVEs fixed, digests and where the evidence is.";
    }

    static String feedId(FeedRequest request) {
        return urn("feed", request.seed(), request.image() == null ? "*" : request.image());
    }

    static String entryId(FeedRequest request, Release r) {
        return urn("release", request.seed(), r.eventId());
    }

    private static String urn(String... parts) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
    }
}
