/**
 * Relationship state per contact, folded from contacts.v1 and interactions.v1, swept as time passes,
 * served and announced; erased for good when the person is, and exported on request.
 */
package com.keepintouch.reminder.relationship;
