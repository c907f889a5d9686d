/**
 * Getting deliveries there: the fan-out that stores them (DeliveryFanOut), the lanes that attempt
 * them (Dispatcher, WebhookSender, EmailSender), the recording of what came of each (Recorder), the
 * sweep that takes up retries and stuck work, and what people do with them (DeliveryManagement).
 */
package com.keepintouch.notifier.delivery;
