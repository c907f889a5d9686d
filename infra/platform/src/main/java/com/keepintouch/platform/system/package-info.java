/** Configuration every service shares (defaults, clock, MongoDB database, outbox wiring) and how documents are stored and indexed. */
package com.keepintouch.platform.system;
