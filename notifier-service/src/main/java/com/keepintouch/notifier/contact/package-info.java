/** The contacts notifier-service knows were erased: the tombstones every other package consults. */
package com.keepintouch.notifier.contact;
