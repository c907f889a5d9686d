/** Shared mechanisms of the services: outbox relay, consumer error handling, problem+json, JWT security. No domain code. */
package com.keepintouch.platform;
