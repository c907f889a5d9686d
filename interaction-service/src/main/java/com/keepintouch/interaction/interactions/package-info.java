/** Interactions: the HTTP API, their storage with an outbox, and interactions.v1 keyed by contact. */
package com.keepintouch.interaction.interactions;
