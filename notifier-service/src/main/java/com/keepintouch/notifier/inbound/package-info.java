/** One thin handler per inbound topic: relationships.v1 (the fan-out) and notifications.v1 (endpoint.disabled emails). */
package com.keepintouch.notifier.inbound;
