"""Who a sentence gives the task to: the bodies in its subject lead, "phối hợp với" ones coordinate, and
bodies after the verb or a preposition are only mentioned."""

import pytest

from phaodai.directives.parsing.tasks import roles


@pytest.mark.parametrize(
    ("text", "leads", "coordinating"),
    [
        (
            "Ban Chỉ đạo phòng, chống dịch COVID-19 cấp huyện tập huấn cho lực lượng dự bị, "
            "tổ COVID cộng đồng.",
            ["Ban Chỉ đạo phòng, chống dịch COVID-19 cấp huyện"],
            [],
        ),
        ("Giao Sở Y tế chủ trì, phối hợp với CDC xây dựng kế hoạch.", ["Sở Y tế"], ["CDC"]),
        (
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh vận động nhân dân.",
            ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"],
            [],
        ),
        ("Sở Y tế báo cáo UBND tỉnh kết quả thực hiện.", ["Sở Y tế"], []),
        (
            "Trung tâm Y tế huyện Phong Thổ hướng dẫn các Trạm Y tế xã lấy mẫu.",
            ["Trung tâm Y tế huyện Phong Thổ"],
            [],
        ),
        ("UBND tỉnh chỉ đạo Sở Giao thông vận tải kiểm soát lái xe.", ["Sở Giao thông vận tải"], []),
        ("Tổ chức tiêm cho các địa phương có ca nhiễm.", [], []),
    ],
)
def test_it_tells_who_leads_and_who_coordinates(text, leads, coordinating):
    found = roles(text)
    assert (found.leads, found.coordinating) == (leads, coordinating)
