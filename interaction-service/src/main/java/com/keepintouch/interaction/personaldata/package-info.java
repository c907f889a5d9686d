/** What interaction-service holds about one person: its export, and its erasure when the person asks for it. */
package com.keepintouch.interaction.personaldata;
