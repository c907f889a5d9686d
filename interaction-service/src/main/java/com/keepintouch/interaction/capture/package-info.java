/** Capture: interactions that log themselves from mail and calendars, each message read from its headers only. */
package com.keepintouch.interaction.capture;
