package dev.bulwark.oci.transport.registry;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.core.io.BoundedInputStream;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Layers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.function.Function;

/**
 * One blob upload: POST a session, then either one PUT with the whole body (monolithic) or PATCHes of
 * {@code chunkSize} bytes and a closing PUT (chunked). Any failure restarts the whole upload with a new
 * session, after the retry policy's backoff; only transient failures are retried.
 */
final class BlobUpload {
    private final RegistryClient client;
    private final Function<String, URI> uploads;
    private final String scope;
    private final Descriptor blob;
    private final Layers.Opener content;
    private final long chunkSize;
    private final Progress progress;
    private final String target;

    BlobUpload(RegistryClient client, Function<String, URI> uploads, String scope, Descriptor blob,
               Layers.Opener content, long chunkSize, Progress progress, String target) {
        this.client = client;
        this.uploads = uploads;
        this.scope = scope;
        this.blob = blob;
        this.content = content;
        this.chunkSize = chunkSize;
        this.progress = progress;
        this.target = target;
    }

    void run() throws OciException {
        String what = "push blob " + blob.digest() + " to " + target;
        for (int attempt = 1; ; attempt++) {
            try {
                URI location = start(what);
                if (blob.size() <= chunkSize) {
                    finish(what, location, 0, blob.size());
                } else {
                    long offset = 0;
                    while (blob.size() - offset > chunkSize) {
                        location = patch(what, location, offset, chunkSize);
                        offset += chunkSize;
                    }
                    finish(what, location, offset, blob.size() - offset);
                }
                progress.detail("pushed " + blob.digest() + " (" + blob.size() + " bytes) to " + target);
                return;
            } catch (RegistryException e) {
                if (!e.isTransient() || attempt >= client.retryPolicy().attempts()) {
                    throw e;
                }
                client.pause(what, attempt, e.retryAfter());
            }
        }
    }

    private URI start(String what) throws OciException {
        HttpResponse<InputStream> r = client.sendOnce(new RegistryClient.Call(what + " (start upload)", scope,
                () -> HttpRequest.newBuilder(uploads.apply("")).POST(HttpRequest.BodyPublishers.noBody()), Set.of(202)));
        RegistryClient.drain(r);
        return location(r, what);
    }

    private URI patch(String what, URI location, long offset, long length) throws OciException {
        HttpResponse<InputStream> r = client.sendOnce(new RegistryClient.Call(what + " (chunk at " + offset + ")", scope,
                () -> HttpRequest.newBuilder(location).header("Content-Type", "application/octet-stream")
                        .header("Content-Range", offset + "-" + (offset + length - 1))
                        .method("PATCH", body(offset, length)), Set.of(202), true));
        RegistryClient.drain(r);
        return location(r, what);
    }

    private void finish(String what, URI location, long offset, long length) throws OciException {
        String sep = location.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(location + sep + "digest=" + RegistryClient.enc(blob.digest().toString()));
        RegistryClient.drain(client.sendOnce(new RegistryClient.Call(what, scope,
                () -> HttpRequest.newBuilder(put).header("Content-Type", "application/octet-stream")
                        .PUT(length == 0 ? HttpRequest.BodyPublishers.noBody() : body(offset, length)), Set.of(201),
                true)));
    }

    private URI location(HttpResponse<?> r, String what) throws OciException {
        String loc = r.headers().firstValue("Location").orElseThrow(() -> new OciException(Kind.ENVIRONMENT,
                "cannot " + what + ": the registry sent no upload Location"));
        return r.request().uri().resolve(loc);
    }

    /** The bytes [offset, offset+length) of the blob, from a fresh stream each time the client asks. */
    private HttpRequest.BodyPublisher body(long offset, long length) {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                InputStream in = content.open();
                in.skipNBytes(offset);
                // one range of the blob, reporting progress as bytes go out
                return BoundedInputStream.atMost(in, length).reporting(progress::advance).closingSource();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), length);
    }
}
