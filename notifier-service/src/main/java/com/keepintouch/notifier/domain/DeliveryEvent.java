package com.keepintouch.notifier.domain;

/**
 * What became of a delivery, as published on {@code notifications.v1}: keyed by the delivery, its
 * {@code sequence} the delivery's version after the outcome (so a repeat carries the same one).
 * Each record's components are the {@code data} of its schema in infra/events.
 */
public sealed interface DeliveryEvent permits DeliverySucceeded, DeliveryFailed {

    /** The event's {@code type}; not part of its {@code data}. */
    String type();

    String deliveryId();

    String ownerId();
}
