/** HTTP conventions of every service: RFC 9457 problem+json for every error, request size limits. */
package com.keepintouch.platform.web;
