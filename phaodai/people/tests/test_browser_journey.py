"""One journey through a real Chromium: what the Django test client cannot see (htmx, labels, CSS, redirects).

A commune health station user signs in, finds a person by typing the name without diacritics, opens the
record, then registers someone new: a 5-digit national ID is refused with a Vietnamese message beside the
field, the corrected 12-digit CCCD is saved. Uses Debian's Chromium; Playwright never downloads a browser.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect, sync_playwright

from phaodai.accounts.tests.factories import PASSWORD
from phaodai.people.models import Person
from phaodai.people.tests.factories import make_person

CHROMIUM = os.environ.get("PHAODAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
BAD_ID = "12345"
GOOD_ID = "012085000123"  # Lai Châu (012), male born in the 1900s (0), in 1985 (85)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=f"no Chromium at {CHROMIUM}"),
]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    # Playwright's sync API keeps an asyncio loop running in this thread (in a greenlet), so Django believes
    # it is in async code: the ORM raises SynchronousOnlyOperation (seen without the variable below), and
    # asgiref hands this thread a second, context-held set of database connections. The journey needs the
    # database mid-way (nothing saved after the refused form), so allow it for this fixture's lifetime only
    # (monkeypatch restores it): our ORM calls are plain synchronous code between browser steps, never inside
    # a coroutine, and the live server thread has no loop. Those second connections are closed before the
    # loop stops, or they would be orphaned and PostgreSQL would refuse to drop the test database.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        connections.close_all()
        chromium.close()
        playwright.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    # The app has no favicon: a 404 per page would only add log noise and a request racing our ORM calls.
    context.route("**/favicon.ico", lambda route: route.abort())
    expect.set_options(timeout=TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        expect.set_options(timeout=5_000)  # Playwright's default; the option is process-wide
        context.close()


def _shot(page: Page, step: int, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"journey-{step:02d}-{name}.png", full_page=True)


# live_server's threads must see committed rows. pytest-django picks one mode per test from the fixture names:
# with transactional_db (which live_server would also pull in) the `db` that `tree` asks for is transactional
# too, i.e. rows are committed and the tables flushed after the test instead of rolled back.
def test_commune_user_finds_a_person_and_registers_a_new_one(
    transactional_db: Any, live_server: Any, tree: Any, commune_user: Any, page: Page
) -> None:
    # Seeded through the service (tokens, sort keys), before the first click.
    make_person(tree.village, "Đặng Văn An", birth_year=1972)
    make_person(tree.commune, "Lò Văn Pọm")
    persons_before = Person.objects.count()

    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Tên đăng nhập").fill(commune_user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    _shot(page, 1, "login")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    _shot(page, 2, "home")

    page.get_by_role("navigation", name="Phân hệ").get_by_role("link", name="Người dân").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Người dân")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Lò Văn Pọm")).to_be_visible()
    _shot(page, 3, "list")

    # htmx filters on input (400 ms debounce) and pushes the URL; the other person's row must go away.
    page.get_by_role("searchbox", name="Tìm người").fill("dang van an")
    expect(results.get_by_role("link", name="Lò Văn Pọm")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]q=dang(\+|%20)van(\+|%20)an$"))
    expect(results.get_by_role("link", name="Đặng Văn An")).to_be_visible()
    _shot(page, 4, "search")

    results.get_by_role("link", name="Đặng Văn An").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đặng Văn An")
    _shot(page, 5, "detail")

    page.get_by_role("link", name="Danh sách", exact=True).click()  # the menu has «Xuất danh sách»
    page.get_by_role("link", name="Thêm người").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm người")
    page.get_by_label("Họ và tên").fill("Lò Văn Sáng")
    page.get_by_role("spinbutton", name="Năm sinh").fill("1985")
    page.get_by_role("radio", name="Nam").check()
    page.get_by_label("Số CCCD/CMND").fill(BAD_ID)
    page.get_by_label("Xã/phường hoặc thôn/bản").select_option(label="Xã Dào San")
    _shot(page, 6, "form")
    page.get_by_role("button", name="Lưu").click()

    field = page.locator("#field-national_id")
    expect(field.locator(".errorlist")).to_have_text(
        "Số CCCD phải có 12 chữ số (CMND cũ: 9 chữ số); số đã nhập có 5 chữ số."
    )
    expect(page.get_by_label("Số CCCD/CMND")).to_have_value(BAD_ID)
    _shot(page, 7, "refused")
    assert Person.objects.count() == persons_before
    assert not Person.objects.filter(full_name="Lò Văn Sáng").exists()

    page.get_by_label("Số CCCD/CMND").fill(GOOD_ID)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lò Văn Sáng")
    expect(page.locator(".messages li.success")).to_have_text("Đã lưu hồ sơ.")
    expect(page.locator(".messages li")).to_have_count(1)  # the CCCD matches sex and year: no warning
    _shot(page, 8, "saved")

    saved = Person.objects.get(national_id=GOOD_ID)
    assert Person.objects.count() == persons_before + 1
    assert saved.full_name == "Lò Văn Sáng"
    assert saved.unit == tree.commune
    expect(page).to_have_url(live_server.url + reverse("people:detail", args=[saved.pk]))
