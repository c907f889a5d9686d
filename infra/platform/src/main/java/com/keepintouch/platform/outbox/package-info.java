/**
 * Transactional outbox without transactions: an aggregate's change and the events it causes are
 * written in one MongoDB document update ({@code pendingEvents}); the relay publishes them and
 * removes each only after the broker acknowledged it.
 */
package com.keepintouch.platform.outbox;
