#!/usr/bin/env bash
# Runs the whole keep-in-touch system on this machine, without Docker: a real Kafka broker, a
# MongoDB wire server, GreenMail and the four services, on loopback. Needs only a JDK 17+.
#   ./devstack.sh            build what is missing, start everything, wait until healthy, and keep it up:
#                            a process that dies is started again (after 1 s, doubling up to 30 s); Ctrl-C stops it
#   ./devstack.sh status     each process of the running stack: pid, uptime, restarts, health (exit 3: none runs)
#   ./devstack.sh restart contact-service    stop one process gracefully, start it, wait until it is ready
#   ./devstack.sh stop       stop a stack started in another terminal
#   ./devstack.sh token --sub alice --scope recruiter    print a bearer token
#   DEVSTACK_INSTANCES=2 ./devstack.sh   two instances of each service behind HAProxy (apt-get install haproxy)
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"

if ! command -v java >/dev/null 2>&1; then
  echo "devstack: java was not found; install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk-headless)" >&2
  exit 1
fi

stamp=infra/devstack/target/.devstack-built
jars=(contact-service interaction-service reminder-service notifier-service)
needs_build() {
  [ -d infra/devstack/target/lib ] && [ -f infra/devstack/target/greenmail/greenmail-standalone.jar ] || return 0
  for service in "${jars[@]}"; do
    [ -f "$service/target/$service.jar" ] || return 0
  done
  [ -f "$stamp" ] || return 0
  # Rebuild when a source or build file changed since the last build of this script.
  [ -n "$(find pom.xml */pom.xml infra/*/pom.xml */src infra/*/src -newer "$stamp" -type f -print -quit 2>/dev/null)" ] && return 0
  return 1
}

launcher_complete() {
  [ -d infra/devstack/target/classes ] || return 1
  local module
  for module in $(grep -A1 '<groupId>com.keepintouch</groupId>' infra/devstack/pom.xml \
      | sed -n 's|.*<artifactId>\(.*\)</artifactId>.*|\1|p' | grep -vx keep-in-touch); do
    compgen -G "infra/devstack/target/lib/$module-*.jar" >/dev/null || return 1
  done
}

case "${1:-up}" in
  up)
    if needs_build; then
      echo "devstack: building the services (the first build downloads dependencies and takes a few minutes)"
      ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package
      touch "$stamp"
    fi ;;
  *)
    # The launcher alone (status, restart, stop, token), when it cannot run: not built yet, or built before it
    # depended on a module of this build (e.g. infra/tokens) whose jar is then missing from
    # target/lib. Nothing is rebuilt otherwise: a running stack uses those jars. The build's output
    # goes to stderr, so that TOKEN=$(./devstack.sh token) gets the token only.
    if ! launcher_complete; then
      ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl infra/devstack -am package >&2
    fi ;;
esac

exec java -Xmx128m -Ddevstack.root="$root" \
  -cp "infra/devstack/target/classes:infra/devstack/target/lib/*" \
  com.keepintouch.devstack.Devstack "$@"
