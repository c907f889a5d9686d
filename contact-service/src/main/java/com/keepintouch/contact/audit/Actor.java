package com.keepintouch.contact.audit;

import com.keepintouch.platform.security.Caller;
import java.util.List;
import java.util.Locale;

/** Who asked: the token's {@code sub} and its scopes, as the audit records them. */
public record Actor(String id, List<String> scopes) {

    public Actor {
        scopes = List.copyOf(scopes);
    }

    public static Actor of(Caller caller) {
        return new Actor(
                caller.userId(),
                caller.scopes().stream()
                        .map(scope -> scope.name().toLowerCase(Locale.ROOT))
                        .sorted()
                        .toList());
    }
}
