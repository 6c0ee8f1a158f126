"""Cloud migration: state and history, readiness, wave planner, capacity, OpenStack sync."""
