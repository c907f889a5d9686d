/** Each owner's due and upcoming reminders as an iCalendar feed behind a secret address, for any calendar application to subscribe to. */
package com.keepintouch.reminder.calendar;
