/** Mints HS256 bearer tokens as the services verify them, for the local stack and the tests. */
package com.keepintouch.tokens;
