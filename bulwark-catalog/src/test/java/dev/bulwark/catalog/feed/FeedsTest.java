package dev.bulwark.catalog.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.catalog.model.Attestation;
import dev.bulwark.catalog.model.BuildDiff;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.core.Sha256;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The feeds against their specs: Atom parsed with the JDK's XML parser and checked for what RFC 4287 requires of
 * a feed and of each entry; JSON Feed for what version 1.1 requires of a feed and each item.
 */
class FeedsTest {
    private static final String ATOM = Feeds.ATOM_NS;
    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    static String digest(String seed) {
        return "sha256:" + Sha256.key(seed);
    }

    static Release release(int build, int from, Release.Kind kind, String image) {
        List<PlatformBuild> platforms = List.of(
                new PlatformBuild("amd64", "linux/amd64", digest("m amd64 " + build), digest("c amd64 " + build), 3, 1000),
                new PlatformBuild("arm64", "linux/arm64/v8", digest("m arm64 " + build), digest("c arm64 " + build), 3, 1100));
        List<BuildDiff.PackageChange> changes = from == 0 ? List.of() : List.of(
                new BuildDiff.PackageChange("amd64", "libc6", "2.41-12", "2.41-12+deb13u1"),
                new BuildDiff.PackageChange("amd64", "libnew<script>", null, "1.0"),
                new BuildDiff.PackageChange("amd64", "libold", "0.9", null));
        List<Vulnerability> fixed = from == 0 ? List.of()
                : List.of(new Vulnerability("CVE-2026-0001", "libc6", "2.41-12", "2.41-12+deb13u1", "high"));
        List<Publication> refs = List.of(
                new Publication("docker://127.0.0.1:5000/" + image + ":1-20261120T100000Z", digest("i " + build),
                        Publication.Kind.IMMUTABLE, build, AT, null),
                new Publication("docker://127.0.0.1:5000/" + image + ":1", digest("i " + build), Publication.Kind.MOVING,
                        build, AT, null),
                new Publication("oci:/srv/layouts/" + image + ":latest-20261120T100000Z", digest("i " + build),
                        Publication.Kind.IMMUTABLE, build, AT, null));
        return new Release("rel_" + image + build + "x" + kind.ordinal() + "abcdef", kind, image, build, from,
                AT.plusSeconds(build * 3600L), "test", digest("i " + build), platforms, 40, changes, fixed, refs,
                List.of(new Attestation("provenance", "", digest("prov " + build))));
    }

    static List<Release> releases() {
        return List.of(release(3, 2, Release.Kind.ROLLED_BACK, "python3"), release(2, 1, Release.Kind.RELEASED, "python3"),
                release(1, 0, Release.Kind.RELEASED, "python3"));
    }

    @Test
    void atom_hasWhatRfc4287RequiresOfAFeedAndEachEntry() throws Exception {
        FeedRequest request = new FeedRequest("Bulwark releases", null, null, "/var/lib/catalog.db", AT);
        Document doc = parse(Feeds.atom(request, releases()));
        Element feed = doc.getDocumentElement();
        assertThat(feed.getNamespaceURI()).isEqualTo(ATOM);
        assertThat(feed.getLocalName()).isEqualTo("feed");
        assertIri(one(feed, "id"));
        assertThat(one(feed, "title")).isEqualTo("Bulwark releases");
        assertDate(one(feed, "updated"));
        assertThat(one(feed, "updated")).isEqualTo(AT.plusSeconds(3 * 3600).toString()); // the newest entry
        Element author = children(feed, "author").get(0);
        assertThat(one(author, "name")).isNotBlank();

        List<Element> entries = children(feed, "entry");
        assertThat(entries).hasSize(3);
        Set<String> ids = new HashSet<>();
        for (Element e : entries) {
            ids.add(assertIri(one(e, "id")));
            assertThat(one(e, "title")).isNotBlank();
            assertDate(one(e, "updated"));
            List<Element> alternates = children(e, "link").stream().filter(l -> l.getAttribute("rel").equals("alternate")).toList();
            assertThat(alternates).as("an entry has at most one alternate link per type and language").hasSize(1);
            assertIri(alternates.get(0).getAttribute("href"));
            Element content = children(e, "content").get(0);
            assertThat(content.getAttribute("type")).isEqualTo("html");
            assertThat(children(e, "summary")).hasSize(1); // content is not text, so a summary is there too
        }
        assertThat(ids).as("entry ids are distinct").hasSize(3);
        assertThat(one(entries.get(0), "title")).isEqualTo("python3 rolled back to build 3 (from build 2)");
        String html = one(entries.get(1), "content");
        assertThat(html).contains("libc6: upgraded 2.41-12 → 2.41-12+deb13u1", "libold: removed 0.9", "CVE-2026-0001",
                "cosign verify --key cosign.pub 127.0.0.1:5000/python3@" + digest("i 2"), "linux/arm64/v8 " + digest("m arm64 2"))
                .contains("libnew&lt;script&gt;").doesNotContain("<script>");
        assertThat(children(entries.get(1), "link").get(0).getAttribute("href"))
                .isEqualTo("https://127.0.0.1:5000/v2/python3/manifests/" + digest("i 2"));
    }

    @Test
    void atom_isTheSameEachTimeAndLinksUnderTheBaseUrl() throws Exception {
        FeedRequest request = new FeedRequest("Releases", "python3", URI.create("https://images.example.org/"), "x", AT);
        byte[] once = Feeds.atom(request, releases());
        assertThat(Feeds.atom(request, releases())).isEqualTo(once);
        Element feed = parse(once).getDocumentElement();
        assertThat(children(feed, "link")).extracting(l -> l.getAttribute("rel") + " " + l.getAttribute("href"))
                .contains("self https://images.example.org/feed.atom");
        assertThat(children(children(feed, "entry").get(0), "link").get(0).getAttribute("href"))
                .isEqualTo("https://images.example.org/images/python3/builds/3");
    }

    @Test
    void atom_withoutReleasesIsStillAValidFeed() throws Exception {
        Element feed = parse(Feeds.atom(new FeedRequest("Releases", null, null, "seed", AT), List.of())).getDocumentElement();
        assertThat(one(feed, "updated")).isEqualTo(AT.toString());
        assertIri(one(feed, "id"));
        assertThat(children(feed, "entry")).isEmpty();
    }

    @Test
    void jsonFeed_hasWhatVersion11RequiresOfAFeedAndEachItem() throws Exception {
        JsonNode feed = new ObjectMapper().readTree(Feeds.jsonFeed(new FeedRequest("Bulwark releases", null,
                URI.create("https://images.example.org"), "seed", AT), releases()));
        assertThat(feed.get("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
        assertThat(feed.get("title").asText()).isEqualTo("Bulwark releases");
        assertThat(feed.get("feed_url").asText()).isEqualTo("https://images.example.org/feed.json");
        assertThat(feed.get("authors").get(0).get("name").asText()).isNotBlank();
        JsonNode items = feed.get("items");
        assertThat(items.isArray()).isTrue();
        assertThat(items).hasSize(3);
        Set<String> ids = new HashSet<>();
        for (JsonNode item : items) {
            assertThat(item.get("id").isTextual()).isTrue();
            ids.add(item.get("id").asText());
            assertThat(item.has("content_html") || item.has("content_text")).isTrue();
            assertDate(item.get("date_published").asText());
            assertThat(URI.create(item.get("url").asText()).isAbsolute()).isTrue();
            item.fieldNames().forEachRemaining(name -> assertThat(name).as("a field outside the spec is an extension")
                    .isIn("id", "url", "title", "summary", "content_html", "content_text", "date_published", "tags",
                            "_bulwark"));
        }
        assertThat(ids).hasSize(3);
        JsonNode data = items.get(1).get("_bulwark");
        assertThat(data.get("fixed").get(0).get("id").asText()).isEqualTo("CVE-2026-0001");
        assertThat(data.get("changes").findValuesAsText("change")).containsExactly("upgraded", "added", "removed");
        assertThat(data.get("platforms").findValuesAsText("manifest")).containsExactly(digest("m amd64 2"), digest("m arm64 2"));
        assertThat(items.get(2).get("content_text").asText()).contains("first release, 40 packages");
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ATOM.equals(e.getNamespaceURI()) && e.getLocalName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The text of the only child {@code name}: RFC 4287 allows exactly one id, title and updated. */
    private static String one(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as(parent.getLocalName() + " has one " + name).hasSize(1);
        return found.get(0).getTextContent();
    }

    private static String assertIri(String s) {
        assertThat(URI.create(s).isAbsolute()).as(s + " is an absolute IRI").isTrue();
        return s;
    }

    private static void assertDate(String s) {
        assertThat(OffsetDateTime.parse(s)).as(s + " is an RFC 3339 date-time").isNotNull();
    }
}
