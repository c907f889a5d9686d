/** Real Kafka and MongoDB for integration tests, test tokens, and the architecture rules every module checks. */
package com.keepintouch.testkit;
