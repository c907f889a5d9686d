/** The reminder rules as plain Java: facts about a relationship in, an explained assessment and transitions out. */
package com.keepintouch.reminder.relationship.domain;
