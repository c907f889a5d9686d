/** Configuration of reminder-service. */
package com.keepintouch.reminder.system;
