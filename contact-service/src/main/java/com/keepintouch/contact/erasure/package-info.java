/**
 * Erasure of a contact everywhere: the request and its tracking, contact-service's own steps (resumed
 * after a crash) and the confirmations of every service on erasures.v1.
 */
package com.keepintouch.contact.erasure;
