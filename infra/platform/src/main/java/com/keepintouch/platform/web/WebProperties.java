package com.keepintouch.platform.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Request limits of the HTTP API.
 *
 * @param maxBodySize largest request body of an ordinary endpoint (larger: 413)
 * @param maxUploadSize largest request body of an upload endpoint, e.g. an import
 * @param uploadPaths path prefixes that are upload endpoints
 */
@ConfigurationProperties("kit.web")
public record WebProperties(
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("16MB") DataSize maxUploadSize,
        @DefaultValue List<String> uploadPaths) {

    DataSize limitFor(String path) {
        return uploadPaths.stream().anyMatch(path::startsWith) ? maxUploadSize : maxBodySize;
    }
}
