#!/usr/bin/env bash
# A/B of two gateways (jars and/or configs) on the same machine state (docs/PERFORMANCE.md,
# "Runs 6 and 7"): both pinned to CPU 1 (ports 18081, 18082), upstream-sim (port 18300) and wrk on
# CPU 0; 3 x 10 s of warm-up each, then ROUNDS (6) x (WIN (8) s of wrk -c64 on A, then on B).
# Prints, per gateway, req/s and CPU per request by thread group (event loop, ledger writer,
# GC/VM, JIT, other) from /proc/PID/task/*/stat, and the event loop's context switches per request.
#
#   bench/ab.sh NAME_A JAR_A CONFIG_A ENV_A  NAME_B JAR_B CONFIG_B ENV_B    (ENV: "K=V K2=V2" or -)
#   bench/ab.sh on target/junction.jar bench/junction-bench.yaml LEDGER_STORE=sqlite \
#               off target/junction.jar bench/junction-bench.yaml LEDGER_STORE=none
# Env: BENCH_DIR (the shared bench: upstream-sim.mjs, lib/), ROUNDS, WIN.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
B=${BENCH_DIR:-$here/../shared/bench}; [[ -f $B/upstream-sim.mjs ]] || B=/work/shared/bench
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
source "$here/bench/lib.sh"
ROUNDS=${ROUNDS:-6}; WIN=${WIN:-8}
T=$(mktemp -d)
echo '{"model":"gpt-4o-mini","temperature":0.2,"max_tokens":256,"user":"bench-user-42","messages":[{"role":"system","content":"You are a concise assistant. Answer in one short paragraph."},{"role":"user","content":"Explain in two sentences why an API gateway should add as little latency as possible to LLM calls."}]}' > "$T/body.json"
echo 'authorization: Bearer sk-bench' > "$T/h.txt"
taskset -c 0 node "$B/upstream-sim.mjs" --port 18300 > "$T/sim.log" 2>&1 & SIM=$!
start() { # name jar config env port
  local envs=(); [[ $4 != - ]] && read -ra envs <<< "$4"
  env "${envs[@]}" LEDGER_PATH=$T/$1.db UPSTREAM_BASE_URL=http://127.0.0.1:18300/v1 UPSTREAM_ROOT=http://127.0.0.1:18300 GATEWAY_PORT=$5 \
    taskset -c 1 "$J" "${GW_JVM_FLAGS[@]}" -jar "$2" serve --config "$3" > "$T/$1.log" 2>&1 &
  echo $!
}
A=$(start "$1" "$2" "$3" "$4" 18081); Bp=$(start "$5" "$6" "$7" "$8" 18082)
trap 'kill $A $Bp $SIM 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
for p in 18081 18082; do for _ in $(seq 1 300); do curl -s -o /dev/null http://127.0.0.1:$p/health/live && break; sleep 0.2; done; done
run() { taskset -c 0 wrk -t1 -c64 -d"$2"s -s "$B/lib/post.lua" http://127.0.0.1:$1/v1/chat/completions -- "$T/body.json" "$T/h.txt" | grep -o '"requests":[0-9]*' | cut -d: -f2; }
for w in 1 2 3; do run 18081 10 >/dev/null; run 18082 10 >/dev/null; done
declare -A acc; nA=0; nB=0
for r in $(seq 1 $ROUNDS); do
  for side in A B; do
    pid=$A; port=18081; [[ $side == B ]] && { pid=$Bp; port=18082; }
    thread_ticks $pid > $T/t0; n=$(run $port $WIN); thread_ticks $pid > $T/t1
    [[ $side == A ]] && nA=$((nA + n)) || nB=$((nB + n))
    while read g v0 v1; do acc[$side.$g]=$(( ${acc[$side.$g]:-0} + v1 - v0 )); done < <(join $T/t0 $T/t1)
    echo "round $r $side: $((n / WIN)) req/s"
  done
done
for side in A B; do
  n=$nA; name=$1; [[ $side == B ]] && { n=$nB; name=$5; }
  echo "== $name: $n requests, $(( n / (ROUNDS * WIN) )) req/s"
  for k in "${!acc[@]}"; do [[ $k == $side.* ]] && per_request "${k#*.}" "${acc[$k]}" "$n"
  done | sort
done
