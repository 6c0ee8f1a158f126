"""Links from NetBox: carrier circuits between two sites, and cables between two sites.

A circuit is a link when both its terminations are on sites (``termination_type``
``dcim.site``) and each is cabled to one device interface; its ``commit_rate`` (Kbps)
x 1,000 is the contracted rate. In a circuit group, the primary / secondary / tertiary
circuit is ``<group slug>-1`` / ``-2`` / ``-3``; otherwise the link id is the circuit id.
A cable straight from an interface at one site to an interface at another is a link
too (own fibre), named by its label. The upper-level site's end is ``a``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import ValidationError

from govops.i18n import M_
from govops.netbox import models as nb
from govops.netbox.client import Answers
from govops.netbox.convert_base import IDENT, Draft

LIVE_CIRCUITS = {"active", "offline"}
PRIORITY_NUMBER = {"primary": 1, "secondary": 2, "tertiary": 3}
End = tuple[dict[str, str], str]  # ({device, interface}, site)


def circuit_links(
    answers: Answers, site_of: dict[str, str], rank: dict[str, int], draft: Draft
) -> None:
    sites = {s.id: s.slug for s in answers.sites}
    groups = {g.id: g.slug for g in answers.groups}
    ends: dict[int, dict[str, nb.Termination]] = defaultdict(dict)
    for term in answers.terminations:
        ends[term.circuit.id][term.term_side.upper()] = term
    for circuit in answers.circuits:
        terms = ends.get(circuit.id, {})
        if not ({"A", "Z"} <= set(terms)):
            continue  # one-ended (internet access): not a link between two sites
        noted = len(draft.notes)
        a, b = (_end(circuit, terms[side], sites, site_of, draft) for side in "AZ")
        if a is None or b is None:
            if (a is None) != (b is None) and len(draft.notes) == noted:
                draft.notes.append(M_(
                    "circuit `{cid}` (id {id}) has one end outside the imported sites or "
                    "devices: skipped", cid=circuit.cid, id=circuit.id,
                ))  # fmt: skip
            continue
        status = circuit.status.value if circuit.status else "active"
        if status not in LIVE_CIRCUITS:
            draft.notes.append(M_("circuit `{cid}` (id {id}) is {status}: skipped",
                                  cid=circuit.cid, id=circuit.id, status=status))  # fmt: skip
            continue
        link_id = _circuit_id(circuit, groups)
        contracted = circuit.commit_rate * 1000 if circuit.commit_rate else None
        _add(draft, "circuits.circuit", circuit.id, link_id, a, b, rank, contracted)


def _end(
    circuit: nb.Circuit,
    term: nb.Termination,
    sites: dict[int, str],
    site_of: dict[str, str],
    draft: Draft,
) -> End | None:
    if term.termination_type != "dcim.site":
        draft.notes.append(M_(
            "circuit `{cid}` (id {id}) ends on {end}, not a site: skipped",
            cid=circuit.cid, id=circuit.id, end=term.termination_type or M_("nothing"),
        ))  # fmt: skip
        return None
    site = sites.get(term.termination_id or -1)
    if site is None:
        return None  # a site outside --region/--tag
    if term.link_peers_type != "dcim.interface" or len(term.link_peers) != 1:
        draft.notes.append(M_(
            "circuit `{cid}` (id {id}): termination {side} is not cabled to one device "
            "interface: skipped", cid=circuit.cid, id=circuit.id, side=term.term_side,
        ))  # fmt: skip
        return None
    peer = _peer(term.link_peers[0], "circuits.circuittermination", term.id, draft)
    if peer is None or peer.device.name not in site_of:
        return None
    if site_of[peer.device.name] != site:
        draft.problem(
            "circuits.circuittermination",
            term.id,
            "link_peers",
            M_(
                "termination {side} of circuit `{cid}` is at site "
                "`{site}` but cabled to `{device}` at `{device_site}`",
                side=term.term_side,
                cid=circuit.cid,
                site=site,
                device=peer.device.name,
                device_site=site_of[peer.device.name],
            ),
        )
        return None
    return {"device": peer.device.name, "interface": peer.name}, site


def _peer(raw: dict[str, Any], kind: str, oid: int, draft: Draft) -> nb.Peer | None:
    try:
        return nb.Peer.model_validate(raw)
    except ValidationError:
        draft.problem(kind, oid, "link_peers", M_("its cabled interface cannot be read"))
        return None


def _circuit_id(circuit: nb.Circuit, groups: dict[int, str]) -> str:
    for assignment in circuit.assignments:
        number = PRIORITY_NUMBER.get(assignment.priority.value if assignment.priority else "")
        slug = groups.get(assignment.group.id) or assignment.group.slug
        if number and slug:
            return f"{slug}-{number}"
    return circuit.cid


def cable_links(
    answers: Answers, site_of: dict[str, str], rank: dict[str, int], draft: Draft
) -> None:
    for cable in answers.cables:
        if len(cable.a_terminations) != 1 or len(cable.b_terminations) != 1:
            continue
        ends = []
        for end in (cable.a_terminations[0], cable.b_terminations[0]):
            if end.object_type != "dcim.interface":
                break
            peer = _peer(end.object, "dcim.cable", cable.id, draft)
            if peer is None or peer.device.name not in site_of:
                break
            ends.append(
                ({"device": peer.device.name, "interface": peer.name}, site_of[peer.device.name])
            )
        if len(ends) != 2 or ends[0][1] == ends[1][1]:
            continue  # not between two imported sites (patching inside a site, a circuit)
        label = cable.label or ""
        link_id = label if IDENT.match(label) else f"cable-{cable.id}"
        _add(draft, "dcim.cable", cable.id, link_id, ends[0], ends[1], rank, None)


def _add(
    draft: Draft,
    kind: str,
    oid: int,
    link_id: str,
    a: End,
    b: End,
    rank: dict[str, int],
    contracted: int | None,
) -> None:
    if not IDENT.match(link_id):
        draft.problem(
            kind,
            oid,
            "id",
            M_(
                "`{link}` is not a govops link id: rename it or put the circuit in a circuit group",
                link=link_id,
            ),
        )
        return
    if any(link["id"] == link_id for link in draft.links):
        draft.problem(
            kind, oid, "id", M_("link id `{link}` is taken by another link", link=link_id)
        )
        return
    if rank[b[1]] < rank[a[1]]:
        a, b = b, a
    item: dict[str, Any] = {"id": link_id, "a": a[0], "b": b[0]}
    if contracted:
        item["contracted"] = contracted
    draft.links.append(item)
