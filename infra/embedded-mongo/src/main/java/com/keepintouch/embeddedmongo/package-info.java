/** The embedded MongoDB of tests and the local stack: a wire server with ordered secondary indexes and a write journal. */
package com.keepintouch.embeddedmongo;
