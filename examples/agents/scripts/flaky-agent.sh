#!/usr/bin/env bash
# An agent that fails CRASH_AFTER seconds after each start, with a line on stderr saying why:
# the operator shows the exit code and that line when it reports the crash loop.
set -euo pipefail
after="${CRASH_AFTER:-2}"
echo "agent $SAC_AGENT_NAME up; it will fail in ${after}s"
sleep "$after"
echo "fatal: lost connection to the model endpoint (simulated)" >&2
exit 3
