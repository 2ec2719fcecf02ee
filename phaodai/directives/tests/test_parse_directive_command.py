"""``manage.py parse_directive PATH --json`` prints the parser's structure."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SEEDS = Path(__file__).with_name("seeds")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("parse_directive", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_structure_as_json():
    printed = json.loads(run(str(SEEDS / "tb_tinh_uy_ocr_2021_11.txt"), "--json"))
    assert list(printed) == [
        "number", "symbol", "date", "date_text", "place", "issuer", "kind", "subject", "signer",
        "recipients", "tasks",
    ]  # fmt: skip
    assert printed["tasks"][1] == {
        "ref": "2",
        "text": printed["tasks"][1]["text"],
        "lead_units": ["UBND cấp huyện, cấp xã", "Sở Y tế"],
        "coordinating_units": ["các địa phương"],
        "deadlines": [
            {"type": "by_date", "start": None, "end": "2021-11-30", "text": "chậm nhất đến ngày 30/11/2021"}
        ],
    }


def test_without_json_it_prints_a_summary():
    printed = run(str(SEEDS / "cv_syt_lai_chau_2021_11.txt"))
    assert printed.splitlines()[0].startswith("cong_van …/SYT-NVY: V/v thực hiện Kết luận")
    assert "  3.4. [Trung tâm Y tế các huyện, thành phố]" in printed


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run(str(tmp_path / "khong-co.txt"))
