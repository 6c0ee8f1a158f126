"""Tracked items that move through states by dated moves: one engine for every kind.

Cloud systems (上云), departmental private networks (部门专网整合) and server rooms
(机房关停) are all items with a lifecycle: legal transitions, dated moves with reasons and
evidence, an append-only log, a status folded from it, imports, history and a burn-down.
``model`` holds the definitions, ``engine`` the rules, ``log`` the storage.
"""
