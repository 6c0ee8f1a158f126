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
