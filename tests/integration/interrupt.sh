#!/usr/bin/env bash
# An interrupted run never leaves a file that looks complete.
#   SIGTERM / SIGINT: crampsim removes its FILE.partial and dies of the signal.
#   SIGKILL: nothing can run; FILE.partial may stay, FILE never appears.
# Each run is a large population, so it is still simulating when signalled.
#   interrupt.sh CRAMPSIM SCENARIO WORKDIR
set -euo pipefail
bin=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fails=0

signal_run() { # signal name, expect partial left (0/1)
  local sig=$1 keep=$2 out="$work/$1.h5"
  "$bin" run "$scenario" -q -o "$out" --set population.size=3000000 --set horizon.nights=3650 &
  local pid=$!
  # up to 60 s: sanitizer builds start slowly
  for _ in $(seq 1 1200); do [ -e "$out.partial" ] || ! kill -0 $pid 2>/dev/null && break; sleep 0.05; done
  if [ ! -e "$out.partial" ]; then
    local early=0
    kill -KILL $pid 2>/dev/null || true
    wait $pid || early=$?
    echo "FAIL $sig: no $out.partial appeared (the run ended with status $early)"
    fails=$((fails+1))
    return
  fi
  sleep 0.5
  kill -"$sig" $pid
  local status=0
  wait $pid || status=$?
  if [ -e "$out" ]; then echo "FAIL $sig: $out exists after the signal"; fails=$((fails+1)); return; fi
  if [ "$status" -eq 0 ]; then echo "FAIL $sig: exit status 0 after the signal"; fails=$((fails+1)); return; fi
  if [ "$keep" = 0 ] && [ -e "$out.partial" ]; then echo "FAIL $sig: $out.partial left behind"; fails=$((fails+1)); return; fi
  echo "ok   $sig: exit status $status, no $out$([ "$keep" = 1 ] && echo ', partial may stay' || echo ', no partial')"
}

signal_run TERM 0
signal_run INT 0
signal_run KILL 1
echo "$((3 - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
