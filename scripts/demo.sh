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
echo "== faults: sixty days of history imported, then the 3-hour SLA report ==" >&2
"$VENV/bin/python" scripts/make_demo_faults.py "$DEMO_DIR/faults.csv"
"$GOVOPS" fault import "$DEMO_DIR/faults.csv"
"$GOVOPS" fault report --window 30d --by category
"$GOVOPS" fault report --window 30d --by level --format json \
  | "$VENV/bin/python" -c 'import json,sys; r=json.load(sys.stdin); print("by level:", {g["group"]: g["compliance_ratio"] for g in r["groups"]})'
echo "== the exporter: what Prometheus scrapes ==" >&2
PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$GOVOPS" exporter serve --listen "127.0.0.1:$PORT" &
EXPORTER_PID=$!
"$VENV/bin/python" - "$PORT" <<'PY'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/metrics"
for _ in range(100):
    try:
        text = urllib.request.urlopen(url, timeout=2).read().decode()
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("exporter did not start")
wanted = ("govops_fault_sla_compliance_ratio", "govops_sla_objective_ratio",
          'sla_state="overdue"} 1', 'sla_state="at_risk"} 1')
print("\n".join(l for l in text.splitlines() if not l.startswith("#") and any(w in l for w in wanted)))
PY
kill "$EXPORTER_PID"; wait "$EXPORTER_PID" 2>/dev/null || true

# --- demo:end (everything stopped) ---
