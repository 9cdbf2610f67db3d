#!/usr/bin/env bash
# The chaos run (docs/RELIABILITY.md): mixed load, both fronts, stream and whole answers, bounded
# concurrency, loopback only, against an in-process gateway routing one model over three faulty
# simulator deployments plus a fallback model. Report on stdout and in target/chaos/report.md.
#
#   bench/chaos.sh [DURATION] [CONCURRENCY]      # defaults: 10m 16
# Env: CHAOS_CONFIG=file.yaml runs another config; CHAOS_BASELINE=true leaves out the routing
#      section of the built-in config (the plain failover of the gateway without routing).
set -eu
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
args=(-Djunction.chaos=true "-Djunction.chaos.duration=${1:-10m}"
      "-Djunction.chaos.concurrency=${2:-16}" "-Djunction.chaos.baseline=${CHAOS_BASELINE:-false}")
[[ -n ${CHAOS_CONFIG:-} ]] && args+=("-Djunction.chaos.config=$CHAOS_CONFIG")
./mvnw -o -q -B test -Dtest=ChaosLoadTest -Dsurefire.failIfNoSpecifiedTests=false "${args[@]}"
