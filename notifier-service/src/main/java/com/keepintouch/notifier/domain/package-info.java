/**
 * The notifier's rules as plain Java: Standard Webhooks signatures, the retry schedule, which
 * addresses a webhook may target, and when a digest is due. Unit-tested without Spring.
 */
package com.keepintouch.notifier.domain;
