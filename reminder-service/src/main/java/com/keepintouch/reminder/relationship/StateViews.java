package com.keepintouch.reminder.relationship;

import com.keepintouch.reminder.relationship.domain.Cadence;
import com.keepintouch.reminder.relationship.domain.CadenceAdaptation;
import com.keepintouch.reminder.relationship.domain.Reciprocity;
import com.keepintouch.reminder.relationship.domain.Strength;
import com.keepintouch.reminder.relationship.domain.StrengthComponent;
import com.keepintouch.reminder.relationship.domain.Suggestion;
import java.time.Instant;
import java.util.List;

/**
 * The parts of a relationship's state that GET /api/relationships and relationships.v1 show alike
 * (relationship-state.schema.json): the domain's values mapped to the shapes the contract names.
 */
final class StateViews {

    private StateViews() {}

    record StrengthView(int score, List<ComponentView> components, String raiseMost) {

        static StrengthView of(Strength strength) {
            return strength == null
                    ? null
                    : new StrengthView(
                            strength.score(),
                            strength.components().stream()
                                    .map(ComponentView::of)
                                    .toList(),
                            strength.raiseMost());
        }
    }

    record ComponentView(String name, int weight, double value, int points, String explanation) {

        static ComponentView of(StrengthComponent c) {
            return new ComponentView(c.name(), c.weight(), c.value(), c.points(), c.explanation());
        }
    }

    record ReciprocityView(
            int outreaches,
            int replied,
            Integer medianReplyHours,
            int initiatedByContact,
            double initiatedShare,
            Instant lastReachedOutAt,
            Integer daysSinceContactReachedOut,
            int gives,
            int asks,
            int responsiveness,
            boolean oneWay,
            List<String> sentences) {

        static ReciprocityView of(Reciprocity r) {
            return r == null
                    ? null
                    : new ReciprocityView(
                            r.outreaches(),
                            r.replied(),
                            r.medianReplyHours(),
                            r.initiatedByContact(),
                            r.initiatedShare(),
                            r.lastReachedOutAt(),
                            r.daysSinceContactReachedOut(),
                            r.gives(),
                            r.asks(),
                            r.responsiveness(),
                            r.oneWay(),
                            r.sentences());
        }
    }

    record SuggestionView(String shareableId, String title, String url, List<String> matched, String why) {

        static SuggestionView of(Suggestion s) {
            return s == null ? null : new SuggestionView(s.shareableId(), s.title(), s.url(), s.matched(), s.why());
        }
    }

    record AdaptationView(int baseDays, int days, Instant since, String reason) {

        static AdaptationView of(CadenceAdaptation a) {
            return a == null ? null : new AdaptationView(a.baseDays(), a.days(), a.since(), a.reason());
        }
    }

    /** The cadence as GET shows it, besides the flat {@code cadenceDays} and {@code cadenceSource}. */
    record CadenceView(int days, String source, String tag, int baseDays, AdaptationView adaptation) {

        static CadenceView of(Cadence c) {
            return new CadenceView(
                    c.days(), c.source().name(), c.tag(), c.baseDays(), AdaptationView.of(c.adaptation()));
        }
    }
}
