"""The simulated province on loopback: SSH devices built from an inventory, an OpenStack API."""
