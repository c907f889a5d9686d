package com.keepintouch.contact.importing;

import java.util.List;
import java.util.Map;

/**
 * One contact as a file spells it: its line, and its values by field name ({@code emails} and
 * {@code tags} may hold several).
 */
record ImportRecord(int line, Map<String, List<String>> values) {

    String first(String field) {
        List<String> all = values.get(field);
        return all == null || all.isEmpty() ? null : all.get(0);
    }

    List<String> all(String field) {
        return values.getOrDefault(field, List.of());
    }
}
