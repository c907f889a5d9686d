/**
 * The notifier's rules as plain Java, unit-tested without Spring: a delivery and its state machine
 * ({@link com.keepintouch.notifier.domain.Delivery#after}) with its destination per channel and the
 * events it causes, the retry schedule, an endpoint's failing streak, Standard Webhooks signatures,
 * which addresses a webhook may target, and when a digest is due.
 */
package com.keepintouch.notifier.domain;
