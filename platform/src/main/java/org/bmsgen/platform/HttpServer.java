package org.bmsgen.platform;

/**
 * An HTTP/1.1 server polled by the firmware's loop (on the ESP32: ESP-IDF's {@code esp_http_server}, whose
 * handlers queue each request for the loop and wait for its answer); the port and the network are fixed by the
 * board port.
 *
 * <p>One request is served at a time: {@link #poll} hands out the next request, {@link #respond} answers it.
 * A request not answered before the next {@link #poll} is answered 500 by the server.
 */
public interface HttpServer {
    /** Content type of a JSON body. */
    String CONTENT_TYPE_JSON = "application/json";
    /** Content type of an HTML page. */
    String CONTENT_TYPE_HTML = "text/html; charset=utf-8";
    /** Content type of a plain text body. */
    String CONTENT_TYPE_TEXT = "text/plain; charset=utf-8";

    /**
     * Copies the next waiting request into the caller's request object without waiting.
     *
     * @param into the caller's request, overwritten when a request is copied and untouched otherwise
     * @return 1 if a request was copied, 0 if none is waiting, or a negative status
     */
    int poll(HttpRequest into);

    /**
     * Answers the request last handed out by {@link #poll}.
     *
     * @param status the HTTP status code, 100..599
     * @param contentType one of the CONTENT_TYPE_ constants or another constant string
     * @param body source of the body, owned by the caller (copied before return)
     * @param offset index of the first body byte
     * @param length body bytes, 0..(body.length - offset)
     * @return {@link Status#OK}, {@link Status#INVALID_ARGUMENT} for a status code out of range or when no request
     *         is waiting for its answer, {@link Status#OFFLINE} if the client has gone
     */
    int respond(int status, String contentType, byte[] body, int offset, int length);
}
