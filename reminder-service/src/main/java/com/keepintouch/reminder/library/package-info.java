/**
 * What an owner sets up that the relationship rules read besides a relationship's own facts: the
 * library of things worth sharing and the cadence per tag, with their APIs, their collections and
 * the {@link com.keepintouch.reminder.relationship.OwnerPreferencesSource} the rules read them through.
 */
package com.keepintouch.reminder.library;
