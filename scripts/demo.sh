#!/bin/sh
# The main job on the demo province. Grows as the other parts land.
set -eu
VENV=${1:-.venv}
GOVOPS="$VENV/bin/govops"
DEMO_DIR=${DEMO_DIR:-build/demo}
mkdir -p "$DEMO_DIR"
export GOVOPS_DB="${GOVOPS_DB:-$DEMO_DIR/govops.db}"

echo "== the demo province: inventory summary ==" >&2
"$GOVOPS" inventory validate inventories/demo

# --- demo:lab (lab fleet + lab OpenStack up) ---

# --- demo:network (collect with a progress bar, audit) ---

# --- demo:ipv6 ---

# --- demo:cloud (status, plan, sync) ---

# --- demo:fault (seeded fault history, SLA report) ---

# --- demo:end (everything stopped) ---
