/**
 * Configuration of notifier-service: the settings records ({@code kit.webhooks.*}, {@code kit.email.*}),
 * whose defaults are all in application.yml.
 */
package com.keepintouch.notifier.system;
