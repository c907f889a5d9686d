#!/usr/bin/env bash
# ./bench.sh reads [seconds per wrk phase, default 10]
# The data-layer ratios, from one run against the running local stack, with wrk (16 connections,
# 2 threads) as the load generator:
#   authenticated cheap request / the same service's 401,
#   POST /api/interactions 201 / the same POST rejected by validation (and p99 at half that rate),
#   interactions-by-contact list after 100,000 more interactions of other contacts / before,
#   contacts list of one owner after 100,000 contacts of other owners / before,
# plus the Mongo wire server's RSS growth per 100,000 documents. Results: target/bench-reads/results.md
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-10}"
out=target/bench-reads; mkdir -p "$out"
command -v wrk >/dev/null || { echo "bench: installing wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
contacts="${CONTACT_SERVICE_URL:-http://127.0.0.1:8081}"
interactions="${INTERACTION_SERVICE_URL:-http://127.0.0.1:8082}"
mongo="${MONGODB_URI:-mongodb://127.0.0.1:${DEVSTACK_MONGO_PORT:-27017}}"
owner="bench-reads-$(date +%s)"
token=$(./devstack.sh token --sub "$owner" --scope recruiter --ttl 2h)
auth="Authorization: Bearer $token"
cp="infra/bench/target/classes:infra/bench/target/lib/*"

# wrk's summary as "rps p50 p99" (latencies in ms)
measure() { # name, then wrk arguments
  local name=$1; shift
  wrk -t2 -c16 -d"${secs}s" --latency "$@" > "$out/$name.txt" 2>&1
  python3 - "$out/$name.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)$", text, re.M).group(1))  # the latency distribution's lines,
p99 = ms(re.search(r"^\s+99%\s+(\S+)$", text, re.M).group(1))  # not a "67.50%" of the thread stats
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {p50:.1f} {p99:.1f} {non2xx.group(1) if non2xx else 0}")
PY
}
lua() { # method, body, [delay ms]: a wrk script
  cat > "$out/$1.lua" <<LUA
wrk.method = "POST"
wrk.body = '$2'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
${3:+function delay() return $3 end}
LUA
  echo "$out/$1.lua"
}
# resident MB of this checkout's stack process whose command line names $1
rss() {
  ps -eo rss=,args= | grep -F -- "-Ddevstack.root=$(pwd)" | grep -F -- "$1" | grep -v grep \
    | awk 'NR==1 {printf "%.0f", $1/1024}'
}
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# A contact with 10 interactions, the one the list reads.
contact=$(curl -sf -X POST "$contacts/api/contacts" -H "$auth" -H 'Content-Type: application/json' \
  -d '{"name":"Bench reads","tier":"REGULAR"}' | json "['id']")
for i in $(seq 1 10); do
  curl -sf -o /dev/null -X POST "$interactions/api/interactions" -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"contactId\":\"$contact\",\"type\":\"NOTE\",\"direction\":\"OUTBOUND\",\"summary\":\"bench $i\"}"
done
valid="{\"contactId\":\"$contact\",\"type\":\"NOTE\",\"direction\":\"OUTBOUND\",\"summary\":\"bench\"}"
invalid='{"type":"NOTE","direction":"OUTBOUND","summary":"bench"}'
list_i="$interactions/api/interactions?contactId=$contact&limit=20"
list_c="$contacts/api/contacts?limit=20"

measure warmup "$contacts/api/contacts/$contact" -H "$auth" >/dev/null
read -r r401 p50_401 p99_401 _ < <(measure c401 "$contacts/api/contacts")
read -r r404 p50_404 p99_404 _ < <(measure c404 "$contacts/api/nothing-here" -H "$auth")
read -r r200 p50_200 p99_200 _ < <(measure c200 "$contacts/api/contacts/$contact" -H "$auth")
read -r r400 p50_400 p99_400 _ < <(measure post400 -s "$(lua post400 "$invalid")" "$interactions/api/interactions")
read -r r201 p50_201 p99_201 bad201 < <(measure post201 -s "$(lua post201 "$valid")" "$interactions/api/interactions")
half_delay=$(python3 -c "print(max(1, round(16 * 1000 / ($r201 / 2))))")
read -r rhalf p50_half p99_half _ < <(measure post201half -s "$(lua post201half "$valid" "$half_delay")" "$interactions/api/interactions")

read -r li0 p50_li0 p99_li0 _ < <(measure list_i_before "$list_i" -H "$auth")
mongo_before=$(rss MongoWireServer)
java -cp "$cp" com.keepintouch.bench.Seed interactions "$mongo" "$owner" 100000
mongo_after=$(rss MongoWireServer)
read -r li1 p50_li1 p99_li1 _ < <(measure list_i_after "$list_i" -H "$auth")

read -r lc0 p50_lc0 p99_lc0 _ < <(measure list_c_before "$list_c" -H "$auth")
java -cp "$cp" com.keepintouch.bench.Seed contacts "$mongo" "$owner" 100000
read -r lc1 p50_lc1 p99_lc1 _ < <(measure list_c_after "$list_c" -H "$auth")

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
{
  echo "Command: \`./bench.sh reads $secs\` (wrk -t2 -c16 -d${secs}s per phase), $(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$(git rev-parse --short HEAD)\`."
  echo
  echo "| measure | req/s | p50 | p99 |"
  echo "| --- | --- | --- | --- |"
  echo "| GET /api/contacts without a token (401) | $r401 | $p50_401 ms | $p99_401 ms |"
  echo "| authenticated GET of a path that does not exist (404), contact-service | $r404 | $p50_404 ms | $p99_404 ms |"
  echo "| GET /api/contacts/{id} (200) | $r200 | $p50_200 ms | $p99_200 ms |"
  echo "| POST /api/interactions rejected by validation (400) | $r400 | $p50_400 ms | $p99_400 ms |"
  echo "| POST /api/interactions (201; non-2xx: $bad201) | $r201 | $p50_201 ms | $p99_201 ms |"
  echo "| POST /api/interactions (201) at half that rate | $rhalf | $p50_half ms | $p99_half ms |"
  echo "| GET /api/interactions?contactId=...&limit=20, before | $li0 | $p50_li0 ms | $p99_li0 ms |"
  echo "| the same after 100,000 interactions of other contacts | $li1 | $p50_li1 ms | $p99_li1 ms |"
  echo "| GET /api/contacts?limit=20 of one owner, before | $lc0 | $p50_lc0 ms | $p99_lc0 ms |"
  echo "| the same after 100,000 contacts of other owners | $lc1 | $p50_lc1 ms | $p99_lc1 ms |"
  echo
  echo "| ratio | figure | target |"
  echo "| --- | --- | --- |"
  echo "| authenticated 404 / 401 | $(ratio "$r404" "$r401") | >= 0.5 |"
  echo "| POST 201 / POST 400 | $(ratio "$r201" "$r400") | >= 0.6, p99 <= 50 ms at half rate (measured: $p99_half ms) |"
  echo "| interactions list, p50 after / before | $(ratio "$p50_li1" "$p50_li0") (throughput before/after $(ratio "$li0" "$li1")) | <= 1.3 |"
  echo "| contacts list, p50 after / before | $(ratio "$p50_lc1" "$p50_lc0") (throughput before/after $(ratio "$lc0" "$lc1")) | <= 1.3 |"
  echo "| Mongo wire server RSS per 100,000 interactions | $((mongo_after - mongo_before)) MB ($mongo_before -> $mongo_after MB) | reported |"
  echo
  echo "RSS after the run: $(for p in contact-service interaction-service reminder-service notifier-service; do printf '%s %s MB, ' "$p" "$(rss "$p.jar")"; done)mongo $(rss MongoWireServer) MB"
} | tee "$out/results.md"
