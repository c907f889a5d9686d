#!/usr/bin/env bash
# Benchmarks (not tests).
#   ./bench.sh [seconds per load phase, default 30] [concurrent clients, default 16]
#       contact and interaction services, against the running local stack (./devstack.sh)
#   ./bench.sh reminder [interaction events, default 100000]
#       reminder-service folding and transition latency, against the running local stack
#   ./bench.sh notifier [events for the throughput phase, default 20000]
#       notifier-service signed webhook deliveries/s and event-to-delivery latency, against the running local stack
#   ./bench.sh notifier-inprocess [events]
#       the same, with the notifier, the broker and an in-memory Mongo wire server in one JVM
#   ./bench.sh notifier[-inprocess] latency <events per second>
#       only the event-to-webhook latency at that rate, after a warm-up
#   ./bench.sh reminder-inprocess
#       reminder-service folding, and the due sweep over 100,000 and 1,000,000 relationships, in-process
#   ./bench.sh fold [touches, default 50000]
#       reminder-service: folding one event for a contact with that many touches against one with 10, in-process
#   ./bench.sh sealing [contacts, default 5000] [rounds, default 8]
#       what sealing personal fields costs the outbox and opening them costs a consumer, each against
#       the same work in the clear, in-process
#   ./bench.sh capture [messages, default 20000]
#       interaction-service's mailbox backfill from the stack's GreenMail against the raw Jakarta Mail
#       header fetch, against the running local stack
#   ./bench.sh reads [seconds per phase, default 10]
#       the data-layer ratios with wrk: authenticated vs 401, POST 201 vs 400, lists before and after
#       100,000 unrelated documents; against the running local stack
#   ./bench.sh all
#       everything above that runs against the local stack, on a fresh stack of its own (data in
#       target/bench-stack), with each process's peak RSS sampled; writes BENCHMARKS.md
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "all" ]; then
  exec bash infra/bench/bench-all.sh
fi
if [ "${1:-}" = "fold" ]; then
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl reminder-service -am install
  ./mvnw -B -q -pl reminder-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  exec java -Xmx2g -XX:+UseParallelGC \
    -cp "reminder-service/target/test-classes:reminder-service/target/classes:$(cat reminder-service/target/test-classpath.txt)" \
    com.keepintouch.reminder.relationship.FoldBenchmark "${@:2}"
fi
if [ "${1:-}" = "sealing" ]; then
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl infra/platform -am install
  ./mvnw -B -q -pl infra/platform dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  exec java -Xmx1g -XX:+UseParallelGC \
    -cp "infra/platform/target/test-classes:infra/platform/target/classes:$(cat infra/platform/target/test-classpath.txt)" \
    com.keepintouch.platform.personal.SealingBenchmark "${@:2}"
fi
if [ "${1:-}" = "reads" ]; then
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl infra/bench -am package
  exec bash infra/bench/reads.sh "${@:2}"
fi
if [ "${1:-}" = "reminder-inprocess" ]; then
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl reminder-service -am install
  ./mvnw -B -q -pl reminder-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  exec java -Xmx12g -XX:+UseParallelGC \
    -cp "reminder-service/target/test-classes:reminder-service/target/classes:$(cat reminder-service/target/test-classpath.txt)" \
    com.keepintouch.reminder.relationship.InProcessBenchmark
fi
if [ "${1:-}" = "notifier-inprocess" ]; then
  # The notifier with the embedded broker and the in-memory Mongo wire server in one JVM; the
  # benchmark (receivers included) in another, as against the local stack.
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl notifier-service,infra/bench -am install
  ./mvnw -B -q -pl notifier-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  ready=$(mktemp); rm -f "$ready"
  java -Xmx2g -XX:+UseParallelGC -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 \
    -cp "notifier-service/target/test-classes:notifier-service/target/classes:$(cat notifier-service/target/test-classpath.txt)" \
    com.keepintouch.notifier.support.InProcessStack "$ready" > target-notifier-inprocess.log 2>&1 &
  stack=$!
  trap 'kill $stack 2>/dev/null' EXIT
  for _ in $(seq 1 120); do [ -s "$ready" ] && break; sleep 1; done
  read -r bootstrap url owner token < "$ready"
  KAFKA_BOOTSTRAP_SERVERS="$bootstrap" NOTIFIER_SERVICE_URL="$url" NOTIFIER_PID="$stack" java -Xmx1g -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 \
    -Dbench.owner="$owner" -Dbench.token="$token" \
    -cp "infra/bench/target/classes:infra/bench/target/lib/*" com.keepintouch.bench.Bench notifier "${@:2}"
  exit
fi
if [ ! -d infra/bench/target/lib ] || [ -n "$(find infra/bench/src infra/bench/pom.xml -newer infra/bench/target/classes -type f -print -quit 2>/dev/null)" ]; then
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl infra/bench -am package
fi
owner="bench-$(date +%s)"
token=$(./devstack.sh token --sub "$owner" --scope recruiter --ttl 2h)
exec java -Xmx1g -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Dbench.owner="$owner" -Dbench.token="$token" \
  -cp "infra/bench/target/classes:infra/bench/target/lib/*" com.keepintouch.bench.Bench "$@"
