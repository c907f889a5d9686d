/** Configuration of interaction-service. */
package com.keepintouch.interaction.system;
