/**
 * What application services say when a request cannot be carried out, in plain Java: broken rules,
 * missing or conflicting resources. The web layer maps them to problem+json in one place.
 */
package com.keepintouch.platform.domain;
