package dev.bulwark.oci.transport.layout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.internal.Json;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the entries of a layout's index.json reach, and which of them are referrers in the tag scheme
 * ({@code sha256-<hex>}, {@code sha256-<hex>.sig}, {@code .att}, {@code .sbom} …, naming the digest they refer to).
 * Both the tag replacement of a rebuild and {@code gc} walk the same graph.
 */
final class LayoutGraph {
    private static final Pattern TAG_SCHEME = Pattern.compile("^sha256-([0-9a-f]{64})(\\..+)?$");
    private static final Set<String> DOCUMENTS = Set.of(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST, "application/vnd.oci.artifact.manifest.v1+json");

    private final java.nio.file.Path dir;

    LayoutGraph(java.nio.file.Path dir) {
        this.dir = dir;
    }

    /** The hex digest a tag-scheme tag refers to, or null for any other tag. */
    static String subjectOf(String tag) {
        if (tag == null) {
            return null;
        }
        Matcher m = TAG_SCHEME.matcher(tag);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * Every digest reachable from {@code roots}: indexes to their manifests, manifests to config, layers, blobs and
     * subject. Each document walked is checked against its descriptor; one that is missing, too large, not JSON, has
     * a descriptor Bulwark cannot parse (another digest algorithm) or does not match its digest throws, so gc never
     * decides from a partial graph (BAD_INPUT for a malformed document, ENVIRONMENT for a digest mismatch).
     */
    Set<Digest> reachable(Collection<Descriptor> roots) throws OciException {
        Set<Digest> seen = new HashSet<>();
        Deque<Descriptor> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Descriptor d = todo.pop();
            if (!seen.add(d.digest()) || !DOCUMENTS.contains(d.mediaType())) {
                continue;
            }
            todo.addAll(children(d));
        }
        return seen;
    }

    private List<Descriptor> children(Descriptor d) throws OciException {
        String where = "oci:" + dir;
        JsonNode doc = Json.readTree(LayoutFiles.readDocument(dir, d, where),
                "document " + d.digest() + " of " + where);
        List<Descriptor> out = new ArrayList<>();
        out.addAll(Json.descriptors(doc, "manifests", "index " + d.digest()));
        out.addAll(Json.descriptors(doc, "layers", "manifest " + d.digest()));
        out.addAll(Json.descriptors(doc, "blobs", "manifest " + d.digest()));
        for (String single : List.of("config", "subject")) {
            if (doc.get(single) != null && doc.get(single).isObject()) {
                out.add(Json.descriptor(doc.get(single), "manifest " + d.digest()));
            }
        }
        return out;
    }

    /**
     * The entries after {@code tag} (or an untagged entry) moves to {@code entry}: what the old target alone reached
     * loses its tag-scheme referrers (signatures, attestations, SBOMs of a previous build), so rebuilding into one
     * layout does not grow index.json. Digests another entry still reaches keep theirs.
     */
    List<Descriptor> replace(List<Descriptor> old, Descriptor entry, String tag) {
        List<Descriptor> entries = new ArrayList<>();
        List<Descriptor> replaced = new ArrayList<>();
        int at = -1;
        for (Descriptor e : old) {
            boolean same = tag == null ? e.refName() == null && e.digest().equals(entry.digest()) : tag.equals(e.refName());
            if (same) {
                at = at < 0 ? entries.size() : at;
                replaced.add(e);
            } else {
                entries.add(e);
            }
        }
        entries.add(at < 0 ? entries.size() : at, entry); // in the old entry's place, so index.json keeps its order
        if (replaced.isEmpty() || subjectOf(tag) != null) {
            return entries;
        }
        return pruneReferrers(entries, replaced);
    }

    private List<Descriptor> pruneReferrers(List<Descriptor> entries, List<Descriptor> replaced) {
        List<Descriptor> images = entries.stream().filter(e -> subjectOf(e.refName()) == null).toList();
        Set<Digest> live;
        Set<Digest> before;
        try {
            live = reachable(images);
            before = reachable(replaced);
        } catch (OciException e) {
            return entries; // a document cannot be read: prune no referrer rather than guess which are orphaned
        }
        Set<String> gone = new HashSet<>();
        for (Digest d : before) {
            if (!live.contains(d)) {
                gone.add(d.hex());
            }
        }
        List<Descriptor> kept = new ArrayList<>(entries);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Descriptor e : List.copyOf(kept)) {
                String subject = subjectOf(e.refName());
                if (subject != null && gone.contains(subject)) {
                    kept.remove(e);
                    if (!live.contains(e.digest())) {
                        gone.add(e.digest().hex()); // a referrer's own referrers go with it
                    }
                    changed = true;
                }
            }
        }
        return kept;
    }
}
