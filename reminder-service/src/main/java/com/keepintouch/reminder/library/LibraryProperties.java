package com.keepintouch.reminder.library;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the owners' preferences are read ({@code kit.library.*}); every default is in application.yml.
 *
 * @param shareablesConsidered the newest this many items of an owner's library are the ones the
 *     rules may suggest; older ones stay listed but are not suggested
 * @param preferencesCacheTtl how long an instance keeps an owner's preferences before reading them
 *     again; a change made through another instance reaches this one within it
 * @param preferencesCacheSize the most owners whose preferences an instance keeps at once
 */
@ConfigurationProperties("kit.library")
record LibraryProperties(int shareablesConsidered, Duration preferencesCacheTtl, long preferencesCacheSize) {}
