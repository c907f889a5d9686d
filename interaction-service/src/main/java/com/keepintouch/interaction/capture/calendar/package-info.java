/** Calendars as a source of touches: an .ics file imported, or an ICS feed polled; past meetings are recorded, future ones planned. */
package com.keepintouch.interaction.capture.calendar;
