package com.keepintouch.notifier.delivery;

/** Why a stored body (a webhook's payload, an email's subject and parts) was removed. */
enum BodyRemoval {
    /** The contact it is about was erased. */
    ERASURE,
    /** It was older than {@code kit.retention.delivery-bodies}. */
    RETENTION
}
