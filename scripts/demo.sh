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
# The lab OpenStack (Keystone, Nova, Placement, Cinder for the 14 clouds) on loopback,
# in the background; its clouds.yaml appears once it answers.
export NO_PROXY="127.0.0.1,localhost,::1" no_proxy="127.0.0.1,localhost,::1"
CLOUDS_YAML="$DEMO_DIR/clouds.yaml"
rm -f "$CLOUDS_YAML"
"$GOVOPS" lab up -i inventories/demo --clouds-yaml "$CLOUDS_YAML" &
LAB_PID=$!
trap 'kill "$LAB_PID" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -f "$CLOUDS_YAML" ] && break; sleep 0.1; done
[ -f "$CLOUDS_YAML" ] || { echo "lab OpenStack did not start" >&2; exit 1; }

# --- demo:network (collect with a progress bar, audit) ---

# --- demo:ipv6 ---

# --- demo:cloud (status, plan, sync) ---
echo "== cloud: the migration spreadsheet, imported (once) ==" >&2
if ! "$GOVOPS" cloud history SYS-0002 >/dev/null 2>&1; then
  "$GOVOPS" cloud import inventories/demo-migration.csv -i inventories/demo
fi
echo "== cloud: the tracker against what OpenStack runs ==" >&2
"$GOVOPS" cloud sync -i inventories/demo --clouds-yaml "$CLOUDS_YAML" --apply
echo "== cloud: waves, dependencies first, within each cloud's headroom ==" >&2
"$GOVOPS" cloud plan -i inventories/demo --start 2026-12-01 --apply
echo "== cloud: 上云率, on time, overdue, at risk, blocked ==" >&2
"$GOVOPS" cloud status -i inventories/demo --by target-cloud
echo "== cloud: Placement headroom less the planned waves ==" >&2
"$GOVOPS" cloud capacity -i inventories/demo --clouds-yaml "$CLOUDS_YAML"

# --- demo:fault (seeded fault history, SLA report) ---

# --- demo:end (everything stopped) ---
kill "$LAB_PID" 2>/dev/null || true
wait "$LAB_PID" 2>/dev/null || true
