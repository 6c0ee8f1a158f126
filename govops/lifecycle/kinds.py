"""The lifecycles of the plan's tracked items other than cloud systems."""

from __future__ import annotations

from govops.i18n import N_
from govops.lifecycle.model import ItemState, Lifecycle

_f = frozenset

#: 部门专网整合: inventoried -> planned -> cutover -> integrated; retired (shut down rather
#: than merged) from any open state; exempt with a reason (and back when it is revoked).
PRIVATE_NETWORK = Lifecycle(
    kind="private_network",
    noun=N_("private network"),
    statuses=("inventoried", "planned", "cutover", "integrated", "retired", "exempt"),
    initial="inventoried",
    transitions={
        "inventoried": _f({"planned", "retired", "exempt"}),
        "planned": _f({"inventoried", "cutover", "retired", "exempt"}),
        "cutover": _f({"planned", "integrated", "retired"}),
        "integrated": _f(),
        "retired": _f(),
        "exempt": _f({"inventoried", "retired"}),
    },
    done=_f({"integrated", "retired"}),
    needs_reason=_f({"exempt", "retired"}),
    exempt="exempt",
)

#: 机房关停: open -> closing -> closed; closed only once every system in the room has
#: migrated or retired (checked by the caller, who knows the systems' states).
SERVER_ROOM = Lifecycle(
    kind="server_room",
    noun=N_("server room"),
    statuses=("open", "closing", "closed"),
    initial="open",
    transitions={
        "open": _f({"closing", "closed"}),
        "closing": _f({"open", "closed"}),
        "closed": _f(),
    },
    done=_f({"closed"}),
)

KINDS = {life.kind: life for life in (PRIVATE_NETWORK, SERVER_ROOM)}


def start(life: Lifecycle, item: str) -> ItemState:
    return ItemState(item=item, status=life.initial)
