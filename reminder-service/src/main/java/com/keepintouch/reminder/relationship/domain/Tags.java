package com.keepintouch.reminder.relationship.domain;

import java.util.Locale;

/** How tags, topics and the words they are matched against compare: stripped, in lower case. */
public final class Tags {

    private Tags() {}

    /** The form under which {@code tag} is stored, looked up and matched. */
    public static String key(String tag) {
        return tag.strip().toLowerCase(Locale.ROOT);
    }
}
