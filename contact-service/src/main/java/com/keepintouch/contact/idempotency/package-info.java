/** Idempotency-Key on POST: the same key and body replay the first answer; another body with the key is refused. */
package com.keepintouch.contact.idempotency;
