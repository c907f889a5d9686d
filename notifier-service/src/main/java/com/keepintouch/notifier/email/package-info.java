/** Emails to people: their preferences, the reminders and digests they get, and the templates those are rendered from. */
package com.keepintouch.notifier.email;
