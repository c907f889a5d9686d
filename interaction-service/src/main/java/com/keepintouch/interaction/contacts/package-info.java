/** What interaction-service knows of contacts: its projection of contacts.v1, and a guarded lookup for the unseen. */
package com.keepintouch.interaction.contacts;
