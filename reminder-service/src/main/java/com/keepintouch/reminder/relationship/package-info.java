/** Relationship state per contact, folded from contacts.v1 and interactions.v1, swept as time passes, served and announced. */
package com.keepintouch.reminder.relationship;
