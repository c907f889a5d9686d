#!/usr/bin/env bash
# ./bench.sh all: starts a fresh local stack (data in target/bench-stack, so the developer's
# .devstack is left alone), runs every benchmark against it with the raw Kafka and HTTP ceilings
# measured in the same run, samples the resident memory of every process while they run, and
# writes BENCHMARKS.md. Takes about 20 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
out="$root/BENCHMARKS.md"
work="$root/target/bench-all"
rm -rf "$work" "$root/target/bench-stack"
mkdir -p "$work"

if ./devstack.sh stop >/dev/null 2>&1; then :; fi
echo "bench: building"
./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
touch infra/devstack/target/.devstack-built

echo "bench: starting a fresh local stack (log: $work/stack.log)"
DEVSTACK_DATA=target/bench-stack ./devstack.sh > "$work/stack.log" 2>&1 &
stack=$!
cleanup() {
  [ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null || true
  DEVSTACK_DATA=target/bench-stack ./devstack.sh stop >/dev/null 2>&1 || true
  wait "$stack" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 300); do
  grep -q "ready in" "$work/stack.log" && break
  if ! kill -0 "$stack" 2>/dev/null; then echo "bench: the stack did not start:"; tail -30 "$work/stack.log"; exit 1; fi
  sleep 1
done
grep -q "ready in" "$work/stack.log" || { echo "bench: the stack was not ready within 300 s"; exit 1; }

# Peak RSS of every process of the stack, sampled every 2 s while the benchmarks run.
sample() {
  while true; do
    ps -eo pid=,rss=,args= | grep -F -- "-Ddevstack.root=$root" | grep -v Devstack | while read -r pid rss args; do
      case "$args" in
        *contact-service.jar*) name=contact-service ;;
        *interaction-service.jar*) name=interaction-service ;;
        *reminder-service.jar*) name=reminder-service ;;
        *notifier-service.jar*) name=notifier-service ;;
        *kafka.Kafka*) name=kafka ;;
        *MongoWireServer*) name=mongo ;;
        *greenmail*) name=greenmail ;;
        *) continue ;;
      esac
      echo "$name $rss"
    done >> "$work/rss.samples"
    sleep 2
  done
}
sample &
sampler=$!

run() { # name, then the arguments of bench.sh
  local name=$1; shift
  echo "bench: $name (./bench.sh $*)"
  local started=$SECONDS
  if ! ./bench.sh "$@" > "$work/$name.out" 2>&1; then
    echo "bench: $name failed; its output:"; tail -30 "$work/$name.out"; exit 1
  fi
  echo "$name $((SECONDS - started))" >> "$work/durations"
}
# Seven JVMs have just started: a first, shorter pass of the same benchmark lets the JIT compile
# the hot paths of every process, so the figures describe the system as it runs, not its start.
run warm-up 10 16
run interactions 30 16
run reminder reminder 100000
run notifier notifier 10000
run notifier-latency notifier latency 100
run capture capture 20000
run reads reads 10
run fold fold 50000
run sealing sealing
kill "$sampler" 2>/dev/null || true; sampler=

table() { # the last markdown table a benchmark printed, else its "measure: result" lines as one
  local found
  found=$(awk '/^\| /{ if (!in_table) { buf="" } in_table=1; buf = buf $0 "\n"; next } { if (in_table) { last=buf } in_table=0 } END { if (in_table) last=buf; printf "%s", last }' "$work/$1.out")
  if [ -n "$found" ]; then
    printf '%s\n' "$found"
  else
    echo "| measure | result |"
    echo "| --- | --- |"
    grep -E '^[a-z].*: p50 ' "$work/$1.out" | sed -E 's/^([^:]*): (.*)$/| \1 | \2 |/'
  fi
}

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/MemTotal/ {printf "%.0f GB", $2/1024/1024}' /proc/meminfo)
{
  echo "# Benchmarks"
  echo
  echo "Written by \`./bench.sh all\` on $(date -u +%Y-%m-%d) at $(date -u +%H:%M) UTC, commit \`$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\`."
  echo "Every figure below comes from this one run, against a fresh local stack (\`./devstack.sh\`:"
  echo "the real Kafka broker, the Mongo wire server with its write journal, GreenMail, the four service jars)."
  echo "A first pass of \`./bench.sh 10 16\` ($(awk '$1=="warm-up" {print $2}' "$work/durations") s) warms the freshly started JVMs and is not reported"
  echo "(its output: \`target/bench-all/warm-up.out\`)."
  echo
  echo "| machine | |"
  echo "| --- | --- |"
  echo "| CPU | $(nproc) cores, $cpu |"
  echo "| memory | $mem |"
  echo "| Java | $(java -version 2>&1 | head -1) |"
  echo "| OS | $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r) |"
  echo
  for name in interactions reminder notifier notifier-latency capture fold sealing; do
    case $name in
      interactions) title="contact-service and interaction-service"; cmd="./bench.sh 30 16" ;;
      reminder) title="reminder-service"; cmd="./bench.sh reminder 100000" ;;
      notifier) title="notifier-service throughput"; cmd="./bench.sh notifier 10000" ;;
      notifier-latency) title="notifier-service event-to-webhook latency at 100 events/s"; cmd="./bench.sh notifier latency 100" ;;
      capture) title="interaction-service: a mailbox backfill against the raw IMAP ceiling"; cmd="./bench.sh capture 20000" ;;
      fold) title="reminder-service: one fold against the length of the history"; cmd="./bench.sh fold 50000" ;;
      sealing) title="Personal data: what sealing and opening cost"; cmd="./bench.sh sealing" ;;
    esac
    echo "## $title"
    echo
    echo "Command: \`$cmd\`, $(awk -v n=$name '$1==n {print $2}' "$work/durations") s."
    echo
    table $name
    echo
  done
  echo "## Data layer: requests against their ceilings, lists as unrelated data grows"
  echo
  cat target/bench-reads/results.md
  echo
  echo "## Memory: peak resident set size of each process during the run"
  echo
  echo "Sampled every 2 s with \`ps\` while the benchmarks above ran. Services run with \`-Xmx${DEVSTACK_SERVICE_HEAP:-160m}\`,"
  echo "serial GC and bounded metaspace, code cache and direct memory (\`LocalStack\`); the bar is 400 MB."
  echo
  echo "| process | peak RSS | within 400 MB |"
  echo "| --- | --- | --- |"
  for name in contact-service interaction-service reminder-service notifier-service kafka mongo greenmail; do
    peak=$(awk -v n=$name '$1==n && $2>m {m=$2} END {printf "%d", m/1024}' "$work/rss.samples")
    case $name in *-service) verdict=$([ "$peak" -le 400 ] && echo yes || echo "**no**") ;; *) verdict="(infrastructure)" ;; esac
    echo "| $name | $peak MB | $verdict |"
  done
  echo
  echo "Raw outputs of this run: \`target/bench-all/\`."
} > "$out"
echo "bench: wrote $out"
cat "$out"
