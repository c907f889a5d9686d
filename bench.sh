#!/usr/bin/env bash
# Benchmarks against the running local stack (start it with ./devstack.sh in another terminal).
#   ./bench.sh [seconds per load phase, default 30] [concurrent clients, default 16]
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d infra/bench/target/lib ] || [ -n "$(find infra/bench/src infra/bench/pom.xml -newer infra/bench/target/classes -type f -print -quit 2>/dev/null)" ]; then
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl infra/bench -am package
fi
owner="bench-$(date +%s)"
token=$(./devstack.sh token --sub "$owner" --scope recruiter --ttl 2h)
exec java -Xmx1g -Dbench.owner="$owner" -Dbench.token="$token" \
  -cp "infra/bench/target/classes:infra/bench/target/lib/*" com.keepintouch.bench.Bench "$@"
