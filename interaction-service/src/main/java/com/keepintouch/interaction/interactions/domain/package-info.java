/** What an interaction (touchpoint) is and the rules it obeys; plain Java. */
package com.keepintouch.interaction.interactions.domain;
