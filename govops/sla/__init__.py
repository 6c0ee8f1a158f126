"""Fault-response SLAs: fault records in the state file, the policy, the arithmetic, intake."""
