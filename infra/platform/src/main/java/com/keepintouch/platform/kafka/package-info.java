/** Kafka conventions of every service: topics with dead-letter twins, poison-tolerant consumers, health. */
package com.keepintouch.platform.kafka;
