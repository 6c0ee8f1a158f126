"""The simulated province on loopback: SSH devices, an OpenStack API, websites."""
