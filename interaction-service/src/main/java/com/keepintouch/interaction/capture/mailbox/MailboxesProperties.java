package com.keepintouch.interaction.capture.mailbox;

import com.keepintouch.platform.security.AddressPolicy;
import com.keepintouch.platform.security.AddressPolicy.Cidr;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How mailboxes are synced ({@code kit.capture.mailboxes.*}; every default is in application.yml).
 *
 * @param allowedNetworks networks a mailbox's server may be on although they are private, loopback
 *     or link-local (CIDRs, e.g. {@code 127.0.0.0/8} on the local stack); empty in production. Only a
 *     server in them may be reached without TLS ({@code security: NONE})
 * @param backfillDays how far back a new mailbox is read when its request names no {@code backfillDays}
 * @param maxBackfillDays the most days back a mailbox may ask to be read
 * @param batchSize messages whose headers are fetched at a time; the checkpoint is stored after each batch
 * @param pollInterval how often a server without IDLE is asked for new mail
 * @param idleInterval an IDLE is ended and issued again after this long (shorter than {@code timeout})
 * @param maxConcurrent mailboxes this instance syncs at once (its thread pool)
 * @param lease how long an instance holds a mailbox without renewing; then another takes it over
 * @param scanInterval how often an instance looks for mailboxes nobody holds
 * @param connectTimeout time to open a connection to an IMAP server
 * @param timeout time an IMAP server has to answer one command
 * @param writeTimeout time a command has to be written to an IMAP server
 * @param retries retries of a round of sync that failed on the connection, before the mailbox is FAILING
 * @param retryBackoff wait before the first retry
 * @param retryBackoffMultiplier factor by which each further wait grows
 * @param failingRetryFirst a FAILING mailbox is tried again after this; the wait doubles each time
 * @param failingRetryMax the longest wait between tries of a FAILING mailbox
 */
@ConfigurationProperties("kit.capture.mailboxes")
public record MailboxesProperties(
        List<String> allowedNetworks,
        int backfillDays,
        int maxBackfillDays,
        int batchSize,
        Duration pollInterval,
        Duration idleInterval,
        int maxConcurrent,
        Duration lease,
        Duration scanInterval,
        Duration connectTimeout,
        Duration timeout,
        Duration writeTimeout,
        int retries,
        Duration retryBackoff,
        double retryBackoffMultiplier,
        Duration failingRetryFirst,
        Duration failingRetryMax) {

    public MailboxesProperties {
        allowedNetworks = allowedNetworks == null
                ? List.of()
                : allowedNetworks.stream().filter(s -> !s.isBlank()).toList();
        allowedNetworks.forEach(Cidr::parse);
        if (batchSize < 1 || maxConcurrent < 1 || retries < 0 || backfillDays < 0 || maxBackfillDays < backfillDays) {
            throw new IllegalArgumentException("kit.capture.mailboxes: batch-size and max-concurrent must be positive,"
                    + " retries and backfill-days not negative, max-backfill-days at least backfill-days");
        }
        if (idleInterval.compareTo(timeout) >= 0 || idleInterval.compareTo(lease.dividedBy(2)) > 0) {
            throw new IllegalArgumentException(
                    "kit.capture.mailboxes.idle-interval must be shorter than timeout and at most half the lease");
        }
    }

    public AddressPolicy addressPolicy() {
        return new AddressPolicy(allowedNetworks.stream().map(Cidr::parse).toList());
    }
}
