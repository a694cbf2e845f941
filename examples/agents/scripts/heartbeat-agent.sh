#!/usr/bin/env bash
# A stand-in for a long-lived agent: writes a heartbeat every HEARTBEAT_INTERVAL seconds to the
# file the operator names in SAC_HEARTBEAT_FILE, and says what it is doing on stdout.
set -euo pipefail
interval="${HEARTBEAT_INTERVAL:-5}"
file="${SAC_HEARTBEAT_FILE:?the operator sets SAC_HEARTBEAT_FILE}"
trap 'printf "{\"ts\": \"%s\", \"pid\": %d, \"state\": \"stopping\"}\n" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" $$ > "$file.tmp" && mv "$file.tmp" "$file"; exit 0' TERM INT
echo "agent $SAC_AGENT_NAME up, heartbeat every ${interval}s"
while true; do
  printf '{"ts": "%s", "pid": %d, "state": "idle"}\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" $$ > "$file.tmp"
  mv "$file.tmp" "$file"
  sleep "$interval" &
  wait $!
done
