package com.keepintouch.contact.erasure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How erasures are carried out and tracked ({@code kit.erasure.*}; the defaults are in application.yml).
 *
 * @param resumeInterval how often the sweep looks for erasures whose own steps are unfinished
 * @param resumeAfter how long after its request an unfinished erasure is taken up by the sweep (a
 *     request still carrying it out is left alone that long)
 * @param resumeBatch erasures one sweep resumes at most
 * @param consumerGroup the consumer group of erasures.v1
 */
@ConfigurationProperties("kit.erasure")
public record ErasureProperties(
        @DefaultValue("1m") Duration resumeInterval,
        @DefaultValue("1m") Duration resumeAfter,
        @DefaultValue("100") int resumeBatch,
        @DefaultValue("contact-service") String consumerGroup) {}
