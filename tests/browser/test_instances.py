"""Several app processes on one PostgreSQL: an import made through one instance shows on the
other's next page (every run checks the store version; the caches follow it)."""

from __future__ import annotations

import pytest

from geo.render import i18n
from geo.store import database, demo, signin
from tests.chromium import MAP_FRAME, chromium_page, require_browser, running_app, sign_in, wait_until
from tests.helpers import EDITOR_PASSWORD, demo_counts, editor_in, empty_postgres_url, model_row, sheet_csv

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def models_shown(page) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(
        has_text=i18n.t("kpi.models", "vi")).first
    return card.locator('[data-testid="stMetricValue"]').inner_text() if card.count() else ""


def test_an_import_through_one_instance_shows_on_the_other(tmp_path, gazetteer):
    require_browser()
    url = empty_postgres_url()
    engine = database.make_engine(url)
    database.upgrade(engine)
    demo.load_demo(engine, gazetteer)
    editor = editor_in(engine)
    engine.dispose()
    with running_app(tmp_path / "a.sqlite", tmp_path / "a.log", database_url=url) as first, \
            running_app(tmp_path / "b.sqlite", tmp_path / "b.log", database_url=url) as second:
        with chromium_page(offline=True) as viewer:
            staff = viewer.context.browser.new_page()  # another session, on instance one
            viewer.goto(second)
            wait_until(lambda: models_shown(viewer) == i18n.number(demo_counts()["models"], "vi"), timeout=60,
                       what="the demo count on the second instance")
            sign_in(staff, first, editor.username, EDITOR_PASSWORD)
            # the browser keeps its token; only its hash is stored, for this account
            (device,) = [c["value"] for c in staff.context.cookies() if c["name"] == "dvk_device"]
            check = database.make_engine(url)
            assert signin.is_known(check, editor.username, device)
            check.dispose()
            data = sheet_csv("models", [model_row(id="REAL-1"), model_row(id="REAL-2",
                                                                          name="Mô hình hai")])
            staff.locator('input[type="file"]').set_input_files(
                files=[{"name": "that.csv", "mimeType": "text/csv", "buffer": data.encode()}])
            staff.get_by_role("button", name=i18n.tn("data.import_valid", 2, "vi")).click()
            staff.get_by_text("Đã nhập").first.wait_for(timeout=60_000)
            viewer.reload()
            wait_until(lambda: viewer.locator(MAP_FRAME).count() and models_shown(viewer) == "2",
                       timeout=30, what="the second instance to show the new count")
