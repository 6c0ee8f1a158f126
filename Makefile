# Two commands set everything up: `make demo` and `make test`.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Debian packages the tests use (real Prometheus, Alertmanager, promtool, headless Chromium,
# PostgreSQL for the state layer on both backends).
DEB_PACKAGES ?= prometheus prometheus-alertmanager chromium chromium-driver fonts-wqy-zenhei systemd postgresql

.PHONY: demo test lint typecheck unit bench debian-packages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

debian-packages:
	@sh scripts/ensure-debian-packages.sh $(DEB_PACKAGES)

demo: $(STAMP)
	@sh scripts/demo.sh $(VENV)

lint: $(STAMP)
	$(VENV)/bin/ruff check govops tests bench scripts
	$(VENV)/bin/ruff format --check govops tests bench scripts

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(VENV)/bin/pytest -q

test: $(STAMP) debian-packages lint typecheck unit

bench: $(STAMP)
	$(PY) bench/startup.py
	$(PY) bench/exporter_scrape.py
	$(PY) bench/audit_fleet.py
	$(PY) bench/province_wan.py
	$(PY) bench/plan_scale.py
	$(PY) bench/netbox_import.py
	$(PY) bench/xlsx_roundtrip.py
	$(PY) bench/utilisation.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
