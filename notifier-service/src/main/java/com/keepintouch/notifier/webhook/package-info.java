/**
 * Webhook endpoints: managing them (EndpointManagement), keeping them in memory with their secrets
 * opened for signing (EndpointCache), their health, and the SSRF guard every target passes.
 */
package com.keepintouch.notifier.webhook;
