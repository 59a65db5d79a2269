package dev.bulwark.oci.transport;

import dev.bulwark.oci.OciException;

import java.util.Objects;

/**
 * Images a sink has stored by digest whose tag has not moved yet: {@code written} says what was stored, and
 * {@link #tag()} points the sink's tag at it. In between, signatures, SBOMs and provenance can be attached to the
 * digest, so the tag never names an image that lacks them. {@link #abandon()} removes what a failed publish can take
 * back (an output it created) and is a no-op once the tag moved.
 */
public final class StagedWrite {
    /** The tag move or the clean-up a sink leaves for later. */
    @FunctionalInterface
    public interface Action {
        void run() throws OciException;
    }

    private final WriteResult written;
    private final Action tagMove;
    private final Runnable cleanup;
    private boolean tagged;

    public StagedWrite(WriteResult written, Action tagMove, Runnable cleanup) {
        this.written = Objects.requireNonNull(written, "written");
        this.tagMove = Objects.requireNonNull(tagMove, "tagMove");
        this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
    }

    /** For sinks that write everything at once (archives hold no tag to move and no evidence). */
    public static StagedWrite done(WriteResult written) {
        StagedWrite s = new StagedWrite(written, () -> { }, () -> { });
        s.tagged = true;
        return s;
    }

    public WriteResult written() {
        return written;
    }

    /** Points the sink's tag at the staged images: the last step of a publish. */
    public void tag() throws OciException {
        if (!tagged) {
            tagMove.run();
            tagged = true;
        }
    }

    /** After a failure before {@link #tag()}: removes what can be removed; never throws, the first failure is what matters. */
    public void abandon() {
        if (!tagged) {
            cleanup.run();
        }
    }
}
