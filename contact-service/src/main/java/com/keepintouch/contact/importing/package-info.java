/** Bulk import of contacts from CSV and vCard, streamed, with a result for every record. */
package com.keepintouch.contact.importing;
