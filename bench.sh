#!/usr/bin/env bash
# Benchmarks (not tests).
#   ./bench.sh [seconds per load phase, default 30] [concurrent clients, default 16]
#       contact and interaction services, against the running local stack (./devstack.sh)
#   ./bench.sh reminder [interaction events, default 100000]
#       reminder-service folding and transition latency, against the running local stack
#   ./bench.sh reminder-inprocess
#       reminder-service folding, and the due sweep over 100,000 and 1,000,000 relationships, in-process
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "reminder-inprocess" ]; then
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl reminder-service -am install
  ./mvnw -B -q -pl reminder-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  exec java -Xmx12g -XX:+UseParallelGC \
    -cp "reminder-service/target/test-classes:reminder-service/target/classes:$(cat reminder-service/target/test-classpath.txt)" \
    com.keepintouch.reminder.relationship.InProcessBenchmark
fi
if [ ! -d infra/bench/target/lib ] || [ -n "$(find infra/bench/src infra/bench/pom.xml -newer infra/bench/target/classes -type f -print -quit 2>/dev/null)" ]; then
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl infra/bench -am package
fi
owner="bench-$(date +%s)"
token=$(./devstack.sh token --sub "$owner" --scope recruiter --ttl 2h)
exec java -Xmx1g -Dbench.owner="$owner" -Dbench.token="$token" \
  -cp "infra/bench/target/classes:infra/bench/target/lib/*" com.keepintouch.bench.Bench "$@"
