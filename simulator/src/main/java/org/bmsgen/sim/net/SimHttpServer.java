package org.bmsgen.sim.net;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.bmsgen.platform.HttpRequest;
import org.bmsgen.platform.HttpServer;
import org.bmsgen.platform.Status;

/**
 * An {@link HttpServer} a test talks to: {@link #submit} queues a request as a client would send it, the firmware
 * polls and answers it, and {@link #responses()} holds the answers in order. Like ESP-IDF's httpd, a request
 * whose path or body does not fit {@link HttpRequest} is answered by the server (414, 413) and never polled; a
 * request left unanswered when the next is polled is answered 500.
 */
public final class SimHttpServer implements HttpServer {

    /** One answer as the client saw it. */
    public record Response(Exchange request, int status, String contentType, byte[] body) {
        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One request as the client sent it. */
    public record Exchange(int method, String path, byte[] body) {
    }

    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    private final List<Response> responses = new ArrayList<>();
    private Exchange inFlight;

    /**
     * Queues a request.
     *
     * @param method HttpRequest.METHOD_ constant
     * @param path the request target; a query string is dropped as the server would
     * @param body the body, empty for none
     */
    public void submit(int method, String path, byte[] body) {
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        Exchange exchange = new Exchange(method, bare, body.clone());
        if (bare.length() > HttpRequest.MAX_PATH_LENGTH) {
            responses.add(new Response(exchange, 414, CONTENT_TYPE_TEXT, new byte[0]));
        } else if (body.length > HttpRequest.MAX_BODY_LENGTH) {
            responses.add(new Response(exchange, 413, CONTENT_TYPE_TEXT, new byte[0]));
        } else {
            waiting.add(exchange);
        }
    }

    /** A GET of a path. */
    public void get(String path) {
        submit(HttpRequest.METHOD_GET, path, new byte[0]);
    }

    /** A POST of a UTF-8 body. */
    public void post(String path, String body) {
        submit(HttpRequest.METHOD_POST, path, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int poll(HttpRequest into) {
        if (inFlight != null) {
            responses.add(new Response(inFlight, 500, CONTENT_TYPE_TEXT, new byte[0]));
            inFlight = null;
        }
        Exchange next = waiting.poll();
        if (next == null) {
            return 0;
        }
        byte[] path = next.path().getBytes(StandardCharsets.US_ASCII);
        into.set(next.method(), path.length, next.body().length);
        System.arraycopy(path, 0, into.path, 0, path.length);
        System.arraycopy(next.body(), 0, into.body, 0, next.body().length);
        inFlight = next;
        return 1;
    }

    @Override
    public int respond(int status, String contentType, byte[] body, int offset, int length) {
        if (length < 0 || offset < 0 || offset + length > body.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " in " + body.length);
        }
        if (inFlight == null || status < 100 || status > 599) {
            return Status.INVALID_ARGUMENT;
        }
        byte[] copy = new byte[length];
        System.arraycopy(body, offset, copy, 0, length);
        responses.add(new Response(inFlight, status, contentType, copy));
        inFlight = null;
        return Status.OK;
    }

    /**
     * The ESP32 restarted: the request being served loses its connection (the client sees no answer, recorded as
     * status 0); requests still waiting are kept, as a client retries on the new server.
     */
    public void restart() {
        if (inFlight != null) {
            responses.add(new Response(inFlight, 0, CONTENT_TYPE_TEXT, new byte[0]));
            inFlight = null;
        }
    }

    /** Every answer so far, oldest first. */
    public List<Response> responses() {
        return List.copyOf(responses);
    }

    /** The newest answer; fails when there is none. */
    public Response lastResponse() {
        if (responses.isEmpty()) {
            throw new IllegalStateException("no request has been answered");
        }
        return responses.get(responses.size() - 1);
    }

    /** Requests not yet polled by the firmware. */
    public int waiting() {
        return waiting.size();
    }
}
