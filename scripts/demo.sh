#!/bin/sh
# The main job on the demo province. Grows as the other parts land.
set -eu
VENV=${1:-.venv}
GOVOPS="$VENV/bin/govops"
DEMO_DIR=${DEMO_DIR:-build/demo}
mkdir -p "$DEMO_DIR"
# Another demo running in the same directory? Then this one takes a directory of its own
# (every port below is asked of the OS, so two demos never collide on the network either).
exec 9>"$DEMO_DIR.lock"
if ! flock -n 9; then
    DEMO_DIR="$DEMO_DIR-$$"
    mkdir -p "$DEMO_DIR"
    echo "== another demo is running: this one works in $DEMO_DIR ==" >&2
fi
export GOVOPS_DB="${GOVOPS_DB:-$DEMO_DIR/govops.db}"

echo "== the demo province: inventory summary ==" >&2
"$GOVOPS" inventory validate inventories/demo

# --- demo:lab (lab fleet + lab OpenStack up) ---
echo "== lab: the demo province's devices over SSH and its OpenStack API on 127.0.0.1 ==" >&2
export NO_PROXY="127.0.0.1,localhost,::1" no_proxy="127.0.0.1,localhost,::1"
CLOUDS_YAML="$DEMO_DIR/clouds.yaml"
rm -f "$DEMO_DIR/lab.yaml" "$DEMO_DIR/lab.known_hosts" "$CLOUDS_YAML"
"$GOVOPS" lab up -i inventories/demo --lab-inventory "$DEMO_DIR/lab.yaml" --show 8 \
    --clouds-yaml "$CLOUDS_YAML" > "$DEMO_DIR/lab.log" 2>&1 &
LAB_PID=$!
trap 'kill "$LAB_PID" 2>/dev/null || true' EXIT
i=0
until [ -f "$DEMO_DIR/lab.known_hosts" ] && [ -f "$CLOUDS_YAML" ]; do
    i=$((i + 1)); [ "$i" -le 120 ] || { cat "$DEMO_DIR/lab.log" >&2; exit 1; }
    kill -0 "$LAB_PID" 2>/dev/null || { cat "$DEMO_DIR/lab.log" >&2; exit 1; }
    sleep 1
done
sleep 1
cat "$DEMO_DIR/lab.log"

# --- demo:network (collect with a progress bar, audit) ---
export GOVOPS_SSH_USER=govops GOVOPS_SSH_PASSWORD=lab-only-password  # the lab's login
echo "== network: collect every device over SSH, then audit the snapshot ==" >&2
rm -rf "$DEMO_DIR/snapshot"
"$GOVOPS" network collect -i "$DEMO_DIR/lab.yaml" --known-hosts "$DEMO_DIR/lab.known_hosts" \
    --out "$DEMO_DIR/snapshot" > /dev/null
"$GOVOPS" network audit -i inventories/demo --snapshot "$DEMO_DIR/snapshot"

# --- demo:utilisation (7 days of counters in a real Prometheus, the 95th percentile per link) ---
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
    echo "== utilisation: 7 days of interface counters backfilled into Prometheus, audited by the 95th percentile ==" >&2
    rm -rf "$DEMO_DIR/prometheus" "$DEMO_DIR/metrics.om"
    "$GOVOPS" lab metrics -i inventories/demo --days 7 -o "$DEMO_DIR/metrics.om" > /dev/null
    promtool tsdb create-blocks-from openmetrics --max-block-duration=168h "$DEMO_DIR/metrics.om" "$DEMO_DIR/prometheus" > /dev/null
    rm -f "$DEMO_DIR/metrics.om"
    PROM_PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    printf 'global:\n  scrape_interval: 1m\n' > "$DEMO_DIR/prometheus.yml"
    prometheus --config.file="$DEMO_DIR/prometheus.yml" --storage.tsdb.path="$DEMO_DIR/prometheus" \
        --storage.tsdb.retention.time=60d --web.listen-address="127.0.0.1:$PROM_PORT" \
        > "$DEMO_DIR/prometheus.log" 2>&1 &
    PROM_PID=$!
    trap 'kill "$LAB_PID" "$PROM_PID" 2>/dev/null || true' EXIT
    i=0
    until "$VENV/bin/python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" \
            "http://127.0.0.1:$PROM_PORT/-/ready" 2>/dev/null; do
        i=$((i + 1)); [ "$i" -le 120 ] || { cat "$DEMO_DIR/prometheus.log" >&2; exit 1; }
        sleep 0.5
    done
    "$GOVOPS" network audit -i inventories/demo --snapshot "$DEMO_DIR/snapshot" \
        --prometheus "http://127.0.0.1:$PROM_PORT" --window 30d
    kill "$PROM_PID"; wait "$PROM_PID" 2>/dev/null || true
else
    echo "== utilisation: skipped: prometheus and promtool are not installed (Debian package prometheus: make debian-packages) ==" >&2
fi

# --- demo:ipv6 ---
echo "== ipv6: dual-stack progress of devices and sites ==" >&2
"$GOVOPS" network ipv6 -i inventories/demo --snapshot "$DEMO_DIR/snapshot"

# govops network probe: government websites over IPv6 and IPv4, against loopback sites
# (dual stack, IPv4 only, and one that never answers) on ports the OS picks; the demo's
# services file names 18080-18082, rewritten here to the ports actually chosen.
echo "== government services over IPv6: govops network probe ==" >&2
"$VENV/bin/python" -m govops.lab.websites --dual-stack 0 --ipv4-only 0 --silent 0 \
    2>"$DEMO_DIR/websites.log" &
WEBSITES_PID=$!
for _ in $(seq 50); do
    grep -q "websites: ports" "$DEMO_DIR/websites.log" 2>/dev/null && break
    kill -0 "$WEBSITES_PID" 2>/dev/null || { cat "$DEMO_DIR/websites.log" >&2; exit 1; }
    sleep 0.1
done
PORTS=$(sed -n 's/^websites: ports //p' "$DEMO_DIR/websites.log")
port_of() { echo "$PORTS" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
sed -e "s/:18080\//:$(port_of dual-stack)\//" -e "s/:18081\//:$(port_of ipv4-only)\//" \
    -e "s/:18082\//:$(port_of silent)\//" inventories/services/demo.yaml > "$DEMO_DIR/services.yaml"
probe_status=0
"$GOVOPS" network probe "$DEMO_DIR/services.yaml" --timeout 1 \
    --resolve www.shaanxi.gov.cn=::1,127.0.0.1 \
    --resolve zwfw.shaanxi.gov.cn=::1,127.0.0.1 \
    --resolve rst.shaanxi.gov.cn=127.0.0.1 \
    --resolve www.xa.gov.cn=::1,127.0.0.1 \
    --resolve ybj.shaanxi.gov.cn=127.0.0.1 \
    --resolve app.zwfw.shaanxi.gov.cn=::1,127.0.0.1 || probe_status=$?
kill "$WEBSITES_PID" && wait "$WEBSITES_PID" || true
[ "$probe_status" -eq 0 ] || exit "$probe_status"

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

# --- demo:scorecard (the plan's indicator table, and the HTML report) ---
echo "== scorecard: the Shaanxi plan's indicators, measured from all of the above ==" >&2
"$GOVOPS" scorecard -i inventories/demo -t playbooks/targets/shaanxi.yaml \
    --snapshot "$DEMO_DIR/snapshot" --lang zh
"$GOVOPS" scorecard -i inventories/demo -t playbooks/targets/shaanxi.yaml \
    --snapshot "$DEMO_DIR/snapshot" --format html --lang zh --output "$DEMO_DIR/report.html"

# --- demo:end (everything stopped) ---
kill "$LAB_PID" 2>/dev/null || true
wait "$LAB_PID" 2>/dev/null || true
echo "== done: the report is $DEMO_DIR/report.html ==" >&2
