package io.tombo.recorder.sink;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What an HTTP status means for the readings that were sent. */
enum HttpVerdict {
    /** 2xx: delivered. */
    DELIVERED,
    /**
     * 5xx, 408, 429, and 401/403: the server or its configuration is at fault (a wrong token would otherwise empty
     * the outbox into the dead-letter table), so keep the readings and try again.
     */
    RETRY,
    /** Any other 4xx: the server will never take these readings. */
    REFUSED;

    static HttpVerdict of(int status) {
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429) {
            return REFUSED;
        }
        return RETRY;
    }

    /** The status and the start of the body, for logs and the dead-letter table. */
    static String answer(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body().strip();
        if (body.length() > 300) {
            body = body.substring(0, 300) + "...";
        }
        return "HTTP " + response.statusCode() + (body.isEmpty() ? "" : ": " + body);
    }

    /** An {@code Authorization: Basic} value. */
    static String basic(String user, String password) {
        String pair = user + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
