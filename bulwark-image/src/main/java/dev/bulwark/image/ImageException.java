package dev.bulwark.image;

import dev.bulwark.core.BulwarkException;

/** An image that cannot be read for its facts, inspected or run: a bad choice of platform, a bad user, a failed run. */
public class ImageException extends BulwarkException {

    public ImageException(Kind kind, String message) {
        super(kind, message);
    }

    public ImageException(Kind kind, String message, Throwable cause) {
        super(kind, message, cause);
    }
}
