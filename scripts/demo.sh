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
echo "== lab: the demo province's devices over SSH on 127.0.0.1 ==" >&2
rm -f "$DEMO_DIR/lab.yaml" "$DEMO_DIR/lab.known_hosts"
"$GOVOPS" lab up -i inventories/demo --lab-inventory "$DEMO_DIR/lab.yaml" --show 8 \
    > "$DEMO_DIR/lab-fleet.log" 2>&1 &
LAB_FLEET_PID=$!
trap 'kill "$LAB_FLEET_PID" 2>/dev/null || true' EXIT
i=0
until [ -f "$DEMO_DIR/lab.known_hosts" ]; do
    i=$((i + 1)); [ "$i" -le 120 ] || { cat "$DEMO_DIR/lab-fleet.log" >&2; exit 1; }
    sleep 1
done
sleep 1
cat "$DEMO_DIR/lab-fleet.log"

# --- demo:network (collect with a progress bar, audit) ---
export GOVOPS_SSH_USER=govops GOVOPS_SSH_PASSWORD=lab-only-password  # the lab's login
echo "== network: collect every device over SSH, then audit the snapshot ==" >&2
rm -rf "$DEMO_DIR/snapshot"
"$GOVOPS" network collect -i "$DEMO_DIR/lab.yaml" --known-hosts "$DEMO_DIR/lab.known_hosts" \
    --out "$DEMO_DIR/snapshot" > /dev/null
"$GOVOPS" network audit -i inventories/demo --snapshot "$DEMO_DIR/snapshot"

# --- demo:ipv6 ---
echo "== ipv6: dual-stack progress of devices and sites ==" >&2
"$GOVOPS" network ipv6 -i inventories/demo --snapshot "$DEMO_DIR/snapshot"

# --- demo:cloud (status, plan, sync) ---

# --- demo:fault (seeded fault history, SLA report) ---

# --- demo:end (everything stopped) ---
kill "$LAB_FLEET_PID" 2>/dev/null || true
wait "$LAB_FLEET_PID" 2>/dev/null || true
