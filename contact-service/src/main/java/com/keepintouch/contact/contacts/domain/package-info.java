/** What a contact is and the rules its fields obey; plain Java, shared by the API and the import. */
package com.keepintouch.contact.contacts.domain;
