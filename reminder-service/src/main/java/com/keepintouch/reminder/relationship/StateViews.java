package com.keepintouch.reminder.relationship;

import com.keepintouch.reminder.relationship.domain.Cadence;
import com.keepintouch.reminder.relationship.domain.CadenceAdaptation;

/**
 * The parts of a relationship's state that GET /api/relationships and relationships.v1 show alike
 * (relationship-state.schema.json). Strength, reciprocity, the suggestion and the adaptation are the
 * domain's records as they are; only the cadence has a shape of its own, as it shows a derived figure
 * ({@link Cadence#baseDays()}).
 */
final class StateViews {

    private StateViews() {}

    /** The cadence as GET shows it, besides the flat {@code cadenceDays} and {@code cadenceSource}. */
    record CadenceView(int days, String source, String tag, int baseDays, CadenceAdaptation adaptation) {

        static CadenceView of(Cadence c) {
            return new CadenceView(c.days(), c.source().name(), c.tag(), c.baseDays(), c.adaptation());
        }
    }
}
