/** Configuration of notifier-service. */
package com.keepintouch.notifier.system;
