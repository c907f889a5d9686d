package com.keepintouch.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error answers as problem+json instead of its HTML page: requests it refuses before
 * any servlet sees them (a path with an encoded slash {@code %2F}, a character a URL may not hold, a
 * malformed request line or header). Installed on the host by {@link WebPlatformConfiguration}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The detail of a 400 for a request that could not be read, here and on the error page. */
    static final String MALFORMED = "The request could not be read: its path, query or headers are malformed (for"
            + " example an encoded slash %2F or a character a URL may not hold in the path).";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail = status == 400 ? MALFORMED : "The server could not answer this request (" + title + ").";
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.of(title).toString());
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone; nothing more can be said to the caller
        }
    }
}
