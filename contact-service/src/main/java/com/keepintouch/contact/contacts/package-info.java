/** Contacts: the HTTP API, their storage with an outbox, and the events every change emits. */
package com.keepintouch.contact.contacts;
