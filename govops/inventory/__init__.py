"""YAML inventories -> strict models: sites, devices, links, clouds and government systems."""

from govops.inventory.loader import load_inventory
from govops.inventory.models import Inventory

__all__ = ["Inventory", "load_inventory"]
