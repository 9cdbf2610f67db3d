#!/usr/bin/env bash
# Steady-state measurement of one gateway, outside the side-by-side harness (docs/PERFORMANCE.md,
# "Steady state"): upstream-sim and the load generator on CPU 0, the gateway alone on CPU 1,
# started fresh; a long warm-up, then a measured window; CPU from /proc/PID/stat.
#
#   bench/steady.sh tput   [extra JVM flags]   # 15 s wrk -c64 warm-up, 20 s measured
#   bench/steady.sh stream [extra JVM flags]   # 8 s of 32 streams warm-up, 15 s measured
#   bench/steady.sh s1000  [extra JVM flags]   # 10 s wrk warm-up, then 1,000 concurrent streams
# Env: JAR (default target/junction.jar), BENCH_DIR (the shared bench: upstream-sim.mjs, lib/),
#      PERF_OUT=file.perf to `perf record -g` the measured window (add
#      -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit for Java frame names).
#      CONFIG: the gateway config (default bench/junction-bench.yaml);
#      WARMUP / MEASURE: seconds of the tput warm-up (default 15) and measured window (20);
#      LEDGER_STORE=none|sqlite (default sqlite, a fresh file in a temp folder).
# tput also prints CPU per request by thread group (event loop, ledger writer, GC, JIT, other),
# from /proc/PID/task/*/stat over the measured window.
# Base JVM flags: the launcher's, plus -Xmx512m. Ports 18000 (simulator) and 18080 must be free.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=${1:?usage: bench/steady.sh tput|stream|s1000 [jvm flags]}; shift
B=${BENCH_DIR:-$here/../shared/bench}; [[ -f $B/upstream-sim.mjs ]] || B=/work/shared/bench
JAR=${JAR:-$here/target/junction.jar}
J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
T=$(mktemp -d)
echo '{"model":"gpt-4o-mini","temperature":0.2,"max_tokens":256,"user":"bench-user-42","messages":[{"role":"system","content":"You are a concise assistant. Answer in one short paragraph."},{"role":"user","content":"Explain in two sentences why an API gateway should add as little latency as possible to LLM calls."}]}' > "$T/body.json"
sed 's/"messages"/"stream":true,"messages"/' "$T/body.json" > "$T/stream.json"
echo 'authorization: Bearer sk-bench' > "$T/h.txt"
URL=http://127.0.0.1:18080/v1/chat/completions
cpu() { awk '{print $14+$15}' "/proc/$GW/stat"; }   # user+sys ticks (10 ms)
wrk_run() { taskset -c 0 wrk -t1 -c64 -d"$1"s -s "$B/lib/post.lua" "$URL" -- "$T/body.json" "$T/h.txt" | grep WRKJSON; }
req() { grep -o '"requests":[0-9]*' | cut -d: -f2; }
source "$here/bench/lib.sh"

taskset -c 0 node "$B/upstream-sim.mjs" --port 18000 --chunks 50 --chunk-delay-ms 10 > "$T/sim.log" 2>&1 & SIM=$!
LEDGER_STORE=${LEDGER_STORE:-sqlite} LEDGER_PATH=$T/ledger.db \
UPSTREAM_BASE_URL=http://127.0.0.1:18000/v1 GATEWAY_PORT=18080 taskset -c 1 "$J" "${GW_JVM_FLAGS[@]}" \
  "$@" -jar "$JAR" serve --config "${CONFIG:-$here/bench/junction-bench.yaml}" > "$T/gw.log" 2>&1 & GW=$!
trap 'kill $GW $SIM 2>/dev/null; wait $GW $SIM 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null http://127.0.0.1:18080/health && break; sleep 0.1; done
sleep 1; echo "idle $(grep VmRSS /proc/$GW/status)"
perf_start() { [[ -n "${PERF_OUT:-}" ]] && { perf record -F 1999 -g -p "$GW" -o "$PERF_OUT" -- sleep "$1" >/dev/null 2>&1 & }; }
case "$MODE" in
  tput)
    n0=$(wrk_run "${WARMUP:-15}" | req); c0=$(cpu)
    echo "warm-up (incl. start-up): $n0 requests, $(( c0 * 10000 / n0 )) µs CPU/request"
    perf_start 15
    thread_ticks "$GW" > "$T/t0"
    out=$(wrk_run "${MEASURE:-20}"); n1=$(echo "$out" | req); c1=$(cpu)
    thread_ticks "$GW" > "$T/t1"
    echo "measured: $(( n1 / ${MEASURE:-20} )) req/s, $(( (c1 - c0) * 10000 / n1 )) µs CPU/request"; echo "$out"
    join "$T/t0" "$T/t1" | while read -r g v0 v1; do per_request "$g" $((v1 - v0)) "$n1"; done ;;
  stream|s1000)
    if [[ $MODE == stream ]]; then C=32
      taskset -c 0 node "$B/lib/stream-client.mjs" --url "$URL" --body-file "$T/stream.json" --headers-file "$T/h.txt" -c 32 -d 8 --stagger-ms 490 > /dev/null
    else C=1000; wrk_run 10 > /dev/null
      ( for _ in $(seq 1 40); do sleep 0.5; grep VmRSS "/proc/$GW/status"; done | sort -k2 -n | tail -1 | sed 's/^/max sampled /' ) & SAMP=$!
    fi
    c0=$(cpu); perf_start 12
    out=$(taskset -c 0 node "$B/lib/stream-client.mjs" --url "$URL" --body-file "$T/stream.json" --headers-file "$T/h.txt" -c $C -d 15 --stagger-ms 490 --timeout-ms 30000 --min-events 50)
    c1=$(cpu); echo "$out"
    ok=$(echo "$out" | grep -o '"finished":[0-9]*' | cut -d: -f2)
    echo "measured: $(( (c1 - c0) * 10000 / ok )) µs CPU per stream ($ok streams)"
    [[ $MODE == s1000 ]] && wait $SAMP ;;
  *) echo "unknown mode $MODE" >&2; exit 2 ;;
esac
grep -E "VmRSS|VmHWM" "/proc/$GW/status"
