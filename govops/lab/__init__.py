"""The simulated province on loopback, for demos and tests."""
