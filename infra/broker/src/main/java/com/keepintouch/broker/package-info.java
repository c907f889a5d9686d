/** The settings of the system's Kafka brokers, written once for Docker Compose, the local stack and the tests. */
package com.keepintouch.broker;
