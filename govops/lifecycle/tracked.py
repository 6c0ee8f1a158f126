"""What each tracked kind brings to the engine: its items from the inventory, what keeps an
item out of scope, extra checks on a move, and how its items group in a status report.

Private networks (部门专网) and server rooms (机房) are described here; the commands of both
(`network private ...`, `cloud room ...`) are the same functions over these descriptions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from govops.i18n import M_
from govops.inventory.models import Inventory
from govops.lifecycle.kinds import PRIVATE_NETWORK, SERVER_ROOM
from govops.lifecycle.model import ItemState, Lifecycle, MoveRequest

#: What a move must also satisfy, given every system's migration status: unmet reasons.
Gate = Callable[[ItemState, MoveRequest], Sequence[str]]


@dataclass(frozen=True)
class Tracked:
    life: Lifecycle
    items: Callable[[Inventory], Mapping[str, ItemState]]  # every item, with its deadline
    names: Callable[[Inventory], Mapping[str, str]]
    groups: Callable[[Inventory, str], Mapping[str, str]]  # item -> {grouping: key}
    out_of_scope: Callable[[Inventory, str], str | None] = lambda inv, item: None
    #: why an item in scope is still not counted in the headline ratio (None: counted)
    not_counted: Callable[[Inventory, str], str | None] = lambda inv, item: None
    groupings: tuple[str, ...] = ()
    columns: tuple[str, ...] = field(default=("id", "name", "status", "since", "deadline"))


def _city(inv: Inventory, site: str | None) -> str:
    """The city a site belongs to (itself if a city; the province's own id above cities)."""
    current = inv.sites.get(site or "")
    while current is not None and current.level.value not in ("city", "province"):
        current = inv.sites.get(current.parent or "")
    return current.id if current is not None else "-"


def _network_items(inv: Inventory) -> dict[str, ItemState]:
    return {
        pn.id: ItemState(pn.id, PRIVATE_NETWORK.initial, deadline=pn.deadline)
        for pn in inv.private_networks.values()
    }


def _network_scope(inv: Inventory, item: str) -> str | None:
    pn = inv.private_networks[item]
    return M_("classified (涉密): out of scope of 专网整合") if pn.classified else None


PRIVATE_NETWORKS = Tracked(
    life=PRIVATE_NETWORK,
    items=_network_items,
    names=lambda inv: {pn.id: pn.name for pn in inv.private_networks.values()},
    groups=lambda inv, item: {
        "city": _city(inv, inv.private_networks[item].site),
        "department": inv.private_networks[item].department,
        "level": inv.private_networks[item].level,
    },
    out_of_scope=_network_scope,
    not_counted=lambda inv, item: (
        M_("province level: 省以下部门专网整合率 counts city, county and township networks")
        if inv.private_networks[item].level == "province"
        else None
    ),
    groupings=("city", "department", "level"),
)


def _room_items(inv: Inventory) -> dict[str, ItemState]:
    return {
        room.id: ItemState(room.id, SERVER_ROOM.initial, deadline=room.deadline)
        for room in inv.server_rooms.values()
    }


SERVER_ROOMS = Tracked(
    life=SERVER_ROOM,
    items=_room_items,
    names=lambda inv: {room.id: room.name for room in inv.server_rooms.values()},
    groups=lambda inv, item: {
        "department": inv.server_rooms[item].department,
        "city": _city(inv, inv.server_rooms[item].site),
    },
    groupings=("department", "city"),
)


def room_gate(inv: Inventory, holding: Mapping[str, Sequence[str]]) -> Gate:
    """A room closes only once every system in it has migrated or retired."""

    def gate(state: ItemState, req: MoveRequest) -> list[str]:
        if req.to != "closed" or not holding.get(state.item):
            return []
        waiting = holding[state.item]
        shown = ", ".join(waiting[:8])
        if len(waiting) > 8:
            shown = M_("{shown} and {n} more", shown=shown, n=len(waiting) - 8)
        return [M_("{n} systems still run there ({shown})", n=len(waiting), shown=shown)]

    return gate
