package com.keepintouch.reminder.relationship.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Something worth sharing (docs/rules.md): the best item of the owner's library for one contact.
 * A topic (trimmed, lower case) matches when it equals one of the contact's tags, or occurs as a
 * whole word or phrase in the contact's company or title. The best item matches most topics, then
 * is the newest, then has the lowest id. Never suggested: an item already shared with the contact
 * (by id or by url), or one announced as the suggestion for another due date; one announced for
 * this due date stays the suggestion.
 */
final class ShareableMatcher {

    private final ContactFacts contact;
    private final List<String> tags;
    private final String company;
    private final String title;

    ShareableMatcher(ContactFacts contact) {
        this.contact = contact;
        this.tags = contact.tags().stream().map(ShareableMatcher::normal).toList();
        this.company = contact.company() == null ? "" : normal(contact.company());
        this.title = contact.title() == null ? "" : normal(contact.title());
    }

    /** The best suggestion for the due date {@code dueAt}, given what was shared and suggested before. */
    Optional<Suggestion> best(
            List<Shareable> library, List<Touchpoint> touches, List<Suggested> suggested, Instant dueAt) {
        List<Match> matches = new ArrayList<>();
        for (Shareable item : library) {
            if (sharedAlready(item, touches) || suggestedForAnother(item, suggested, dueAt)) {
                continue;
            }
            Match match = match(item);
            if (match.topics() > 0) {
                matches.add(match);
            }
        }
        Optional<Match> kept = matches.stream()
                .filter(m -> suggested.stream()
                        .anyMatch(s -> s.shareableId().equals(m.item().id()) && dueAt.equals(s.forDueAt())))
                .findFirst();
        Comparator<Match> best = Comparator.comparingInt(Match::topics)
                .reversed()
                .thenComparing(m -> m.item().createdAt(), Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(m -> m.item().id());
        return kept.or(() -> matches.stream().min(best)).map(this::suggestion);
    }

    /** How many of the item's topics match, and what of the contact each matched. */
    Match match(Shareable item) {
        int topics = 0;
        Set<String> fields = new LinkedHashSet<>();
        List<String> phrases = new ArrayList<>();
        for (String raw : item.topics()) {
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String topic = normal(raw);
            boolean matched = false;
            if (tags.contains(topic)) {
                matched = true;
                fields.add("tag");
                phrases.add(contact.displayName() + " is tagged " + topic);
            } else if (containsPhrase(company, topic)) {
                matched = true;
                fields.add("company");
                phrases.add(contact.displayName() + "'s company, "
                        + contact.company().trim() + ", matches " + topic);
            } else if (containsPhrase(title, topic)) {
                matched = true;
                fields.add("title");
                phrases.add(
                        contact.displayName() + "'s title, " + contact.title().trim() + ", matches " + topic);
            }
            if (matched) {
                topics++;
            }
        }
        return new Match(item, topics, List.copyOf(fields), phrases);
    }

    private Suggestion suggestion(Match match) {
        String name = contact.displayName();
        List<String> phrases =
                match.phrases().subList(0, Math.min(2, match.phrases().size()));
        String why = String.join(" and ", phrases) + ", and you haven't sent it to " + name + ".";
        return new Suggestion(
                match.item().id(), match.item().title(), match.item().url(), match.fields(), why);
    }

    static boolean sharedAlready(Shareable item, List<Touchpoint> touches) {
        String url = item.url() == null ? null : item.url().trim();
        for (Touchpoint touch : touches) {
            SharedItem shared = touch.shared();
            if (shared == null) {
                continue;
            }
            if (item.id().equals(shared.shareableId())
                    || (url != null
                            && !url.isEmpty()
                            && shared.url() != null
                            && url.equals(shared.url().trim()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean suggestedForAnother(Shareable item, List<Suggested> suggested, Instant dueAt) {
        return suggested.stream().anyMatch(s -> s.shareableId().equals(item.id()) && !dueAt.equals(s.forDueAt()));
    }

    /** Whether {@code phrase} occurs in {@code text} as whole words: no letter or digit right before or after it. */
    static boolean containsPhrase(String text, String phrase) {
        if (phrase.isEmpty()) {
            return false;
        }
        for (int at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
            int end = at + phrase.length();
            boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            boolean endsWord = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (startsWord && endsWord) {
                return true;
            }
        }
        return false;
    }

    static String normal(String value) {
        return Tags.key(value);
    }

    /**
     * @param topics how many of the item's topics matched
     * @param fields what of the contact they matched: tag, company, title
     * @param phrases each match in words
     */
    record Match(Shareable item, int topics, List<String> fields, List<String> phrases) {}
}
