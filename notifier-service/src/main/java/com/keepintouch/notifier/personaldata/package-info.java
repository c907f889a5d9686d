/**
 * What notifier-service holds about one person: its erasure (on {@code contact.erased}, confirmed on
 * {@code erasures.v1}) and its export ({@code GET /api/personal-data/{contactId}}).
 */
package com.keepintouch.notifier.personaldata;
