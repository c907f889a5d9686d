/** The export of everything the services hold about one contact, gathered over their own APIs. */
package com.keepintouch.contact.export;
