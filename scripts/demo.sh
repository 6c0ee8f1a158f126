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

# govops network probe: government websites over IPv6 and IPv4, against loopback sites
# (dual stack on 18080, IPv4 only on 18081, one that never answers on 18082).
echo "== government services over IPv6: govops network probe ==" >&2
"$VENV/bin/python" -m govops.lab.websites --dual-stack 18080 --ipv4-only 18081 --silent 18082 \
    2>"$DEMO_DIR/websites.log" &
WEBSITES_PID=$!
for _ in $(seq 50); do
    grep -q 18082 "$DEMO_DIR/websites.log" 2>/dev/null && break
    kill -0 "$WEBSITES_PID" 2>/dev/null || { cat "$DEMO_DIR/websites.log" >&2; exit 1; }
    sleep 0.1
done
probe_status=0
"$GOVOPS" network probe inventories/services/demo.yaml --timeout 1 \
    --resolve www.shaanxi.gov.cn=::1,127.0.0.1 \
    --resolve zwfw.shaanxi.gov.cn=::1,127.0.0.1 \
    --resolve rst.shaanxi.gov.cn=127.0.0.1 \
    --resolve www.xa.gov.cn=::1,127.0.0.1 \
    --resolve ybj.shaanxi.gov.cn=127.0.0.1 \
    --resolve app.zwfw.shaanxi.gov.cn=::1,127.0.0.1 || probe_status=$?
kill "$WEBSITES_PID" && wait "$WEBSITES_PID" || true
[ "$probe_status" -eq 0 ] || exit "$probe_status"

# --- demo:cloud (status, plan, sync) ---

# --- demo:fault (seeded fault history, SLA report) ---

# --- demo:end (everything stopped) ---
