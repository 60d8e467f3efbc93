package org.bmsgen.platform;

/**
 * A caller-owned, reusable HTTP request: the firmware allocates one at start-up and {@link HttpServer#poll}
 * copies the next request into it, so serving a request allocates nothing.
 *
 * <p>The path is the request target without the query string, as ASCII bytes; the body is the raw bytes of the
 * request body. Requests whose path or body do not fit are answered by the server itself (414, 413) and never
 * reach the firmware.
 */
public final class HttpRequest {
    /** A method other than the ones below (the firmware answers 405). */
    public static final int METHOD_OTHER = 0;
    /** GET. */
    public static final int METHOD_GET = 1;
    /** POST. */
    public static final int METHOD_POST = 2;
    /** Longest path copied, in bytes (ESP-IDF's httpd: CONFIG_HTTPD_MAX_URI_LEN, 512 by default; 128 here). */
    public static final int MAX_PATH_LENGTH = 128;
    /** Longest body copied, in bytes. */
    public static final int MAX_BODY_LENGTH = 512;

    /** Path bytes; only the first {@link #pathLength()} are meaningful. */
    public final byte[] path = new byte[MAX_PATH_LENGTH];
    /** Body bytes; only the first {@link #bodyLength()} are meaningful. */
    public final byte[] body = new byte[MAX_BODY_LENGTH];
    private int method;
    private int pathLength;
    private int bodyLength;

    /**
     * Sets the request line's method and the lengths; the bytes are written into {@link #path} and
     * {@link #body} by the server.
     *
     * @param method one of the METHOD_ constants
     * @param pathLength 0..{@link #MAX_PATH_LENGTH}
     * @param bodyLength 0..{@link #MAX_BODY_LENGTH}
     * @return {@link Status#OK}, or {@link Status#INVALID_ARGUMENT} leaving the request unchanged
     */
    public int set(int method, int pathLength, int bodyLength) {
        if (method < METHOD_OTHER || method > METHOD_POST || pathLength < 0 || pathLength > MAX_PATH_LENGTH
                || bodyLength < 0 || bodyLength > MAX_BODY_LENGTH) {
            return Status.INVALID_ARGUMENT;
        }
        this.method = method;
        this.pathLength = pathLength;
        this.bodyLength = bodyLength;
        return Status.OK;
    }

    /** @return one of the METHOD_ constants */
    public int method() {
        return method;
    }

    /** @return bytes of {@link #path} in use */
    public int pathLength() {
        return pathLength;
    }

    /** @return bytes of {@link #body} in use */
    public int bodyLength() {
        return bodyLength;
    }

    /**
     * Compares the path with an ASCII constant without allocating.
     *
     * @param expected the path, e.g. {@code "/api/telemetry"}
     * @return true if the path is exactly {@code expected}
     */
    public boolean pathIs(String expected) {
        if (expected.length() != pathLength) {
            return false;
        }
        for (int i = 0; i < pathLength; i++) {
            if ((path[i] & 0xFF) != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
