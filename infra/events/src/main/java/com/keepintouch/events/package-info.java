/** The event contract: JSON Schemas of every event type on every topic, and a validator for them. */
package com.keepintouch.events;
