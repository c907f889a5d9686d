package com.keepintouch.platform.web;

import java.net.URI;
import java.util.Locale;

/** The {@code type} URIs of problem documents: one per kind of problem, stable, documented in the README. */
public final class ProblemTypes {

    public static final String BASE = "https://keepintouch.dev/problems/";

    private ProblemTypes() {}

    public static URI of(String title) {
        return URI.create(BASE + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
    }
}
