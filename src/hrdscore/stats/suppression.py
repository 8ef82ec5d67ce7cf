"""Small-cell suppression that cannot be undone by subtraction.

A published table is a set of linear equations: in a one-way table the cells add up to the
total; in a two-way table each row's cells add up to the row margin, each column's to the
column margin, and the margins to the total. Hiding a cell helps only if those equations cannot
give it back. Write the table as a graph (a transportation network): the total is an edge
between two hub nodes, each row margin an edge from one hub to the row's node, each column
margin an edge from the column's node to the other hub, each inner cell an edge between its row
and its column (a one-way table: every cell and the total are edges between the two hubs). The
equations are flow conservation at every node, so the values that can be worked out from the
published ones are exactly the suppressed edges that are *bridges* of the graph of suppressed
edges: an edge on a cycle of suppressed edges can take any value, the other edges of the cycle
compensating. (The incidence matrix of a directed graph is totally unimodular and its null
space is the cycle space.)

So: suppress every cell with fewer persons than the threshold (primary suppression), then,
while some suppressed edge is a bridge, close a cycle through it along the cheapest path of
published edges (secondary suppression): small cells first, a margin only when no path of
cells exists, the total last. In a one-way table this is the familiar rule: if exactly one cell
is hidden and the total is published, hide the next-smallest cell too.

What this does not cover (say so where tables are published): differencing between two tables
released separately, and bounds from non-negativity (a hidden cell is known to be at least 0).
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

Node = Hashable


@dataclass(frozen=True, slots=True)
class Item:
    """One published number: an edge between two nodes, its persons and its hiding cost."""

    ends: tuple[Node, Node]
    persons: int
    cost: int


@dataclass(frozen=True, slots=True)
class Plan:
    """Which items to hide: `primary` are below the threshold, `secondary` protect them."""

    primary: frozenset[int]
    secondary: frozenset[int]

    @property
    def hidden(self) -> frozenset[int]:
        return self.primary | self.secondary


def bridges(items: Sequence[Item], chosen: frozenset[int] | set[int]) -> set[int]:
    """Indexes of chosen items that are bridges of the multigraph the chosen items form:
    those a reader can work out from everything else published."""
    adjacency: dict[Node, list[tuple[Node, int]]] = {}
    for index in sorted(chosen):
        a, b = items[index].ends
        adjacency.setdefault(a, []).append((b, index))
        adjacency.setdefault(b, []).append((a, index))
    order: dict[Node, int] = {}
    low: dict[Node, int] = {}
    found: set[int] = set()
    counter = 0
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = counter
        counter += 1
        # Iterative DFS: (node, edge used to reach it, iterator position).
        stack: list[tuple[Node, int, int]] = [(root, -1, 0)]
        while stack:
            node, via, pos = stack[-1]
            neighbours = adjacency[node]
            if pos < len(neighbours):
                stack[-1] = (node, via, pos + 1)
                nxt, edge = neighbours[pos]
                if edge == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, edge, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.add(via)
    return found


Adjacency = dict[Node, list[tuple[Node, int]]]


def _adjacency(items: Sequence[Item]) -> Adjacency:
    adjacency: Adjacency = {}
    for index, item in enumerate(items):
        a, b = item.ends
        adjacency.setdefault(a, []).append((b, index))
        adjacency.setdefault(b, []).append((a, index))
    return adjacency


def _cheapest_cycle_path(items: Sequence[Item], adjacency: Adjacency, hidden: set[int],
                         through: int) -> list[int]:
    """Items on the cheapest path joining the ends of `through` without using it: hidden
    items cost nothing, published ones their cost (Dijkstra, stopping at the target)."""
    source, target = items[through].ends
    best: dict[Node, int] = {source: 0}
    came: dict[Node, tuple[Node, int]] = {}
    tie = 0
    heap: list[tuple[int, int, Node]] = [(0, tie, source)]
    done: set[Node] = set()
    while heap:
        dist, _, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        if node == target:
            break
        for nxt, index in adjacency.get(node, ()):
            if index == through or nxt in done:
                continue
            cost = dist + (0 if index in hidden else items[index].cost)
            known = best.get(nxt)
            if known is None or cost < known:
                best[nxt] = cost
                came[nxt] = (node, index)
                tie += 1
                heapq.heappush(heap, (cost, tie, nxt))
    if target not in done:
        return []
    path: list[int] = []
    node = target
    while node != source:
        node, index = came[node]
        path.append(index)
    return path


def plan(items: Sequence[Item], threshold: int, forced: frozenset[int] = frozenset()) -> Plan:
    """Primary suppression of items with 0 < persons < threshold, then secondary suppression
    until no hidden item is a bridge (can be recovered from the published ones). `forced`
    items are hidden whatever their size (another published table hides the same figure),
    and protected like the others."""
    primary = frozenset(i for i, item in enumerate(items) if 0 < item.persons < threshold)
    hidden: set[int] = set(primary) | set(forced)
    adjacency = _adjacency(items)
    while True:
        exposed = bridges(items, hidden)
        if not exposed:
            break
        progress = False
        for index in sorted(exposed):
            path = _cheapest_cycle_path(items, adjacency, hidden, index)
            added = [i for i in path if i not in hidden]
            hidden.update(added)
            progress = progress or bool(added)
        if not progress:  # pragma: no cover - a layout always has a cycle through the total
            raise RuntimeError("suppression cannot protect a cell: no alternative path")
    return Plan(primary=primary, secondary=frozenset(hidden - primary))


# Layouts: the graph of a one-way and of a two-way table.

HUB_IN = ("hub", "in")
HUB_OUT = ("hub", "out")


def one_way_items(persons: Sequence[int], total_persons: int) -> list[Item]:
    """Cells then the total, as parallel edges between two hubs."""
    big = sum(persons) + 1
    items = [Item((HUB_OUT, HUB_IN), p, p) for p in persons]
    items.append(Item((HUB_OUT, HUB_IN), total_persons, big))
    return items


def two_way_items(cells: Sequence[tuple[int, int, int]], rows: Sequence[int],
                  columns: Sequence[int], total_persons: int) -> list[Item]:
    """Inner cells (row index, column index, persons), then row margins, column margins and
    the total. Margins cost more than any path of cells, the total more than any margins."""
    big = sum(p for _, _, p in cells) + 1
    items = [Item((("row", r), ("col", c)), p, p) for r, c, p in cells]
    items += [Item((HUB_OUT, ("row", r)), p, big) for r, p in enumerate(rows)]
    items += [Item((("col", c), HUB_IN), p, big) for c, p in enumerate(columns)]
    items.append(Item((HUB_IN, HUB_OUT), total_persons, big * (len(rows) + len(columns) + 1)))
    return items
