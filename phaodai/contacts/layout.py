"""A chain drawn server-side as plain SVG geometry: BFS depth from the root as columns, one row per node.

No JavaScript library: the page is light on a slow link, and the same drawing prints.
"""

from collections import defaultdict
from dataclasses import dataclass

from phaodai.contacts.graph import ChainGraph, GraphNode
from phaodai.core.text import split_name

COLUMN = 170
ROW = 44
RADIUS = 11
MARGIN = 24
COLOURS = {"F0": "#c62828", "F1": "#ef6c00", "F2": "#f9c22e", "": "#9aa3ad"}
OUTSIDE_COLOUR = "#ffffff"


@dataclass(frozen=True)
class Dot:
    node: GraphNode
    x: int
    y: int
    label: str
    fill: str


@dataclass(frozen=True)
class Line:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    dots: list[Dot]
    lines: list[Line]
    radius: int = RADIUS


def short_name(full_name: str) -> str:
    """ "Lò Văn Pọm" -> "L.V. Pọm": the given name whole, the others as initials."""
    family, middle, given = split_name(full_name)
    initials = "".join(f"{word[0]}." for word in (family, *middle.split(" ")) if word)
    return f"{initials} {given}".strip()


def _fill(node: GraphNode) -> str:
    return OUTSIDE_COLOUR if node.person_id is None else COLOURS.get(node.level, COLOURS[""])


def _label(node: GraphNode) -> str:
    if node.person_id is None:
        return f"{node.count} {node.name}"
    return short_name(node.name)


def draw(graph: ChainGraph) -> Drawing:
    """Columns by depth, one row per node; the anonymous node of the people outside goes last, one column
    right of the deepest and one row below the longest, so its lines do not run along the others."""
    columns: dict[int, list[GraphNode]] = defaultdict(list)
    outside = [node for node in graph.nodes if node.person_id is None]
    for node in graph.nodes:
        if node.person_id is not None:
            columns[node.depth].append(node)
    depth_count = max(columns, default=-1) + 1
    row_count = max((len(nodes) for nodes in columns.values()), default=0)
    places = [(node, depth, row) for depth in sorted(columns) for row, node in enumerate(columns[depth])] + [
        (node, depth_count, row_count) for node in outside
    ]
    dots = [
        Dot(node, MARGIN + depth * COLUMN, MARGIN + row * ROW, _label(node), _fill(node))
        for node, depth, row in places
    ]
    where = {dot.node.person_id: (dot.x, dot.y) for dot in dots}
    lines = [
        Line(*where[edge.source], *where[edge.contact])
        for edge in graph.edges
        if edge.source in where and edge.contact in where
    ]
    width = MARGIN * 2 + (depth_count + len(outside)) * COLUMN
    height = MARGIN * 2 + (row_count + len(outside)) * ROW
    return Drawing(width, height, dots, lines)
