/** Bearer-token security of every {@code /api} call: HS256 locally, an issuer in production; scopes recruiter, ops, admin. */
package com.keepintouch.platform.security;
