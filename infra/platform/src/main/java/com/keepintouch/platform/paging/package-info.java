/**
 * Keyset paging of every list endpoint: the caller's {@link com.keepintouch.platform.paging.PageRequest},
 * the opaque cursor, and the {@link com.keepintouch.platform.paging.Page} that answers it.
 */
package com.keepintouch.platform.paging;
