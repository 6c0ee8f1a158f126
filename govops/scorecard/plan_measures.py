"""Measures of the plan's organisational rows: 部门专网整合, 两网整合 and other milestones,
两地三中心 DR coverage, 机房关停."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govops import clock
from govops.i18n import M_, N_, Message
from govops.lifecycle.engine import progress
from govops.lifecycle.kinds import PRIVATE_NETWORK, SERVER_ROOM
from govops.scorecard.evidence import Evidence
from govops.scorecard.measures import Measurement

BELOW_PROVINCE = ("city", "county", "township")


def private_network_merge(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    """省以下部门专网整合率: (integrated + retired) / non-classified networks below province
    level; exempt ones stay in the denominator and are counted apart."""
    if not ev.inventory.private_networks or ev.private_networks is None:
        return Measurement(None, reason=M_("no private networks in the inventory"))
    levels = set(params.get("levels") or BELOW_PROVINCE)
    inv = ev.inventory.private_networks
    states = [
        st
        for st in ev.private_networks
        if st.item in inv and not inv[st.item].classified and inv[st.item].level in levels
    ]
    counts = progress(PRIVATE_NETWORK, states, ev.now.date())
    if counts.total == 0:
        return Measurement(None, reason=M_("no non-classified private networks below province"))
    detail = Message(
        N_("{part} of {whole} non-classified networks merged or retired "
           "({exempt} exempt, {overdue} overdue)"),
        part=counts.done, whole=counts.total, exempt=counts.exempt, overdue=len(counts.overdue),
    )  # fmt: skip
    return Measurement(counts.done / counts.total, detail)


def milestone(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    """An organisational milestone (两网整合): 1 once recorded as achieved, else 0."""
    wanted = str(params.get("milestone") or "")
    record = (ev.milestones or {}).get(wanted)
    if record is None:
        return Measurement(0.0, M_("not yet: no record of {milestone}", milestone=wanted))
    day = (clock.for_table(record.at) or "")[:10]
    return Measurement(1.0, M_("achieved {day}: {evidence}", day=day, evidence=record.evidence))


def dr_coverage(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    """两地三中心: systems with a DR need that have every copy they need running."""
    if ev.dr is None:
        return Measurement(None, reason=M_("no system declares a DR need"))
    if not ev.dr_seen:
        return Measurement(None, reason=M_("no DR copies seen yet: run `govops cloud sync`"))
    return Measurement.ratio(
        ev.dr.met, ev.dr.needed, N_("{part} of {whole} systems with their DR copies running")
    )


def rooms_closed(ev: Evidence, params: Mapping[str, Any]) -> Measurement:
    """机房关停: departments' own server rooms closed."""
    if not ev.inventory.server_rooms or ev.server_rooms is None:
        return Measurement(None, reason=M_("no server rooms in the inventory"))
    counts = progress(SERVER_ROOM, list(ev.server_rooms), ev.now.date())
    return Measurement.ratio(counts.done, counts.total, N_("{part} of {whole} server rooms closed"))


PLAN_MEASURES = {
    "plan.private_network_merge": private_network_merge,
    "plan.milestone": milestone,
    "cloud.dr_coverage": dr_coverage,
    "cloud.rooms_closed": rooms_closed,
}
