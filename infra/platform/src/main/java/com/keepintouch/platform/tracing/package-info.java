/**
 * W3C trace context across the events: captured where an event is staged, continued where it is
 * published, consumed and delivered, whatever thread or process does that and however much later.
 */
package com.keepintouch.platform.tracing;
