/** Configuration every service shares: defaults, clock, MongoDB database, outbox wiring. */
package com.keepintouch.platform.system;
