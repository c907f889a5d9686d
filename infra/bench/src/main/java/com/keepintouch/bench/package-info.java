/** Benchmarks of the local stack: throughput, latency percentiles, event rates, ceilings, memory. */
package com.keepintouch.bench;
