# Shared by bench/steady.sh and bench/ab.sh (sourced, not run).

# The launcher's JVM flags (see ./junction) plus -Xmx512m, for a gateway started from its jar.
GW_JVM_FLAGS=(-XX:+UseSerialGC -Xss512k -Xmn32m -XX:+PerfDisableSharedMem
  -XX:+UseCompactObjectHeaders --sun-misc-unsafe-memory-access=allow -Xmx512m)

# thread_ticks PID: "group ticks" per thread group of a gateway (user + system, 10 ms ticks, from
# /proc/PID/task/*/stat; the thread name is field 2, in parentheses, and may hold spaces), and
# "ev-ctxsw N": the event loop's voluntary + involuntary context switches. Sorted, for join.
thread_ticks() {
  local f s cs
  for f in /proc/"$1"/task/*; do
    s=$(sed -E 's/^[0-9]+ \((.*)\) [A-Z] (.*)$/\1|\2/' "$f/stat" 2>/dev/null)
    cs=$(awk '/ctxt_switches/ {s += $2} END {print s}' "$f/status" 2>/dev/null)
    echo "$s|$cs"
  done | awk -F'|' '{ split($2, a, " "); t = a[11] + a[12]; n = $1;
    g = n ~ /eventloo/ ? "event-loop" : n ~ /ledger/ ? "ledger-writer" : n ~ /GC|VM Thread/ ? "gc+vm" \
      : n ~ /Compiler/ ? "jit" : "other"; s[g] += t; if (g == "event-loop") cs += $3 }
    END { for (g in s) print g, s[g]; print "ev-ctxsw", cs }' | sort
}

# per_request GROUP DELTA REQUESTS: one line of the per-request split.
per_request() {
  if [[ $1 == ev-ctxsw ]]; then
    awk -v g="$1" -v v="$2" -v n="$3" 'BEGIN { printf "  %-14s %7.4f per request\n", g, v / n }'
  else
    awk -v g="$1" -v v="$2" -v n="$3" 'BEGIN { printf "  %-14s %6.2f µs/request\n", g, v * 10000 / n }'
  fi
}
