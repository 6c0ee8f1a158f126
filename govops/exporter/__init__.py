"""The Prometheus exporter: a collector over the state file and the HTTP server around it.

prometheus_client is imported here and nowhere else in govops.
"""
