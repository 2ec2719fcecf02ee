"""The chain drawing: columns by depth from the root, short names, the people outside off to one side."""

import datetime as dt

from phaodai.contacts.graph import ChainGraph, GraphEdge, GraphNode
from phaodai.contacts.layout import COLOURS, COLUMN, MARGIN, ROW, draw, short_name

DAY = dt.date(2021, 11, 18)


def test_short_names_keep_the_given_name_and_initials():
    assert short_name("Lò Văn Pọm") == "L.V. Pọm"
    assert short_name("Giàng A Páo Sùng") == "G.A.P. Sùng"
    assert short_name("Pọm") == "Pọm"


def test_depth_is_the_column_and_levels_are_colours():
    nodes = [
        GraphNode(1, "Lò Văn Pọm", "F0", 0, root=True),
        GraphNode(2, "Giàng Thị Mai", "F1", 1),
        GraphNode(3, "Vàng A Sủ", "F1", 1),
        GraphNode(4, "Sùng A Páo", "F2", 2),
        GraphNode(None, "người ngoài địa bàn", "", 3, count=2),
    ]
    edges = [
        GraphEdge(1, 2, "household", DAY),
        GraphEdge(1, 3, "household", DAY),
        GraphEdge(2, 4, "school", DAY),
    ]
    edges.append(GraphEdge(4, None, "school", DAY))
    drawing = draw(ChainGraph(nodes, edges, total=4, hidden=2, offset=0, limit=200))
    where = {dot.node.person_id: (dot.x, dot.y, dot.fill) for dot in drawing.dots}
    assert where[1] == (MARGIN, MARGIN, COLOURS["F0"])
    assert where[3] == (MARGIN + COLUMN, MARGIN + ROW, COLOURS["F1"])
    assert where[4] == (MARGIN + 2 * COLUMN, MARGIN, COLOURS["F2"])
    assert where[None][:2] == (MARGIN + 3 * COLUMN, MARGIN + 2 * ROW)  # below the longest column
    assert len(drawing.lines) == 4
    assert [dot.label for dot in drawing.dots][-1] == "2 người ngoài địa bàn"
    assert drawing.width >= where[None][0] + MARGIN
    assert drawing.height >= where[None][1] + MARGIN
