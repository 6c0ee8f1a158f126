"""Strongly connected components (Tarjan), iterative so that 10,000-node graphs need no
recursion limit. Components come out dependencies first: every edge i -> j ("i needs j")
leads to a component numbered no higher than i's."""

from __future__ import annotations

from collections.abc import Sequence


def strongly_connected(n: int, edges: Sequence[Sequence[int]]) -> list[int]:
    """Component id per node of the graph ``edges`` (adjacency lists over 0..n-1)."""
    index = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    comp = [-1] * n
    stack: list[int] = []
    counter = 0
    ncomp = 0
    for root in range(n):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            v, pos = work[-1]
            if pos == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            out = edges[v]
            if pos < len(out):
                work[-1] = (v, pos + 1)
                w = out[pos]
                if index[w] == -1:
                    work.append((w, 0))
                elif on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[v] < low[parent]:
                    low[parent] = low[v]
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    comp[w] = ncomp
                    if w == v:
                        break
                ncomp += 1
    return comp
