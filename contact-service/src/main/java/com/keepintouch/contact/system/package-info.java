/** Configuration of contact-service. */
package com.keepintouch.contact.system;
