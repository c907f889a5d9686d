package com.keepintouch.notifier.system;

/** Checks that a settings record got every value: its defaults live in application.yml alone. */
final class Settings {

    private Settings() {}

    static void required(String prefix, Object... values) {
        for (Object value : values) {
            if (value == null) {
                throw new IllegalStateException(
                        "a " + prefix + ".* setting has no value; its default belongs in application.yml");
            }
        }
    }

    static void positive(String prefix, int... values) {
        for (int value : values) {
            if (value < 1) {
                throw new IllegalStateException(
                        "a " + prefix + ".* count is " + value + "; it must be at least 1 (see application.yml)");
            }
        }
    }
}
