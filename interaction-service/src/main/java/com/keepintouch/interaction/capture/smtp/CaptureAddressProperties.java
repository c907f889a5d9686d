package com.keepintouch.interaction.capture.smtp;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the capture addresses look like ({@code kit.capture.address.*}; every default is in
 * application.yml): {@code <prefix>+<token>@<domain>}.
 *
 * @param domain the domain of every capture address; mail for another domain is refused (never relayed)
 * @param prefix the local part before the {@code +} and the token
 */
@ConfigurationProperties("kit.capture.address")
record CaptureAddressProperties(String domain, String prefix) {}
