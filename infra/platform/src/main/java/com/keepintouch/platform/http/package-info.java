/** Calls from one service to another's API: the caller's own token, a time limit, retries and a circuit breaker. */
package com.keepintouch.platform.http;
