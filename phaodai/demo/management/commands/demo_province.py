from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phaodai.accounts.roles import Role
from phaodai.core.errors import DomainError
from phaodai.demo import tables
from phaodai.demo.steps import demo_build


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Build a demo province on the real units loaded by load_units: villages, households, a synthetic "
        "population of the province's 2019 census size, organisations and one login per role. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", default="12", help="pre-2025 province code (default 12, Lai Châu)")
        parser.add_argument("--scale", type=float, default=1.0, help="share of the real population (0-1]")
        parser.add_argument("--seed", type=int, default=2021, help="same seed, same rows")

    def handle(self, *args: Any, province: str, scale: float, seed: int, **options: Any) -> None:
        code = province.strip().zfill(2)
        try:
            result = demo_build(province_code=code, seed=seed, scale=scale)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        run, counts = result.run, result.run.counts
        if result.created:
            self.stdout.write(
                f"Đã tạo tỉnh demo mã {code} trong {run.seconds:.1f} giây: "
                f"{_number(counts.get('persons', 0))} người, {_number(counts.get('households', 0))} hộ, "
                f"{_number(counts.get('villages', 0))} thôn/bản/tổ dân phố ở {counts.get('communes', 0)} xã, "
                f"{counts.get('organisations', 0)} tổ chức; đợt dịch trước: "
                f"{_number(counts.get('history_cases', 0))} ca F0 đã kết thúc; đợt đang diễn ra: "
                f"{_number(counts.get('cases', 0))} ca F0 trong {counts.get('clusters', 0)} ổ dịch, "
                f"{_number(counts.get('quarantine_orders', 0))} F1 có quyết định cách ly."
            )
            if options.get("verbosity", 1) > 1:
                for name, seconds in result.timings.items():
                    self.stdout.write(f"  {name}: {seconds:.1f} s")
        else:
            self.stdout.write(
                f"Tỉnh demo mã {code} đã có từ trước (seed {run.seed}, tỷ lệ {run.scale:g}, "
                f"{_number(counts.get('persons', 0))} người): không tạo thêm gì."
            )
        labels = dict(Role.choices)
        self.stdout.write(f"Tài khoản demo (mật khẩu chung cho mọi tài khoản: {tables.DEMO_PASSWORD}):")
        width = max((len(username) for _, username, _ in run.logins), default=0)
        for role, username, organisation in run.logins:
            self.stdout.write(
                f"  {username:<{width}}  {tables.DEMO_PASSWORD}  {labels.get(role, role)} — {organisation}"
            )
