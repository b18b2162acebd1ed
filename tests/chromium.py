"""Running the real app and a real headless Chromium for end-to-end tests."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from geo import settings
from geo.render import i18n

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
MAP_FRAME = 'iframe[title="streamlit_folium\\.st_folium"]'
# every host but the app's resolves to nothing: the test sees attempts, nothing leaves the machine
NO_NETWORK = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def require_browser() -> None:
    """Skip without Chromium and Playwright, unless CI asked for the browser (then fail)."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(CHROMIUM)
    if importlib.util.find_spec("playwright") is None:
        missing.append("playwright")
    if missing:
        message = f"browser tests need {', '.join(missing)}"
        if os.environ.get("DVK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(db_path: Path, log_path: Path, *, timeout: float = 90,
                database_url: str | None = None):
    """The app's server (`python -m ui.serve`, as `make run` and the service start it) on a free
    loopback port, on the SQLite file `db_path` or on `database_url`; yields its URL."""
    port = free_port()
    env = {**os.environ, "DVK_DB_PATH": str(db_path)}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "ui.serve", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=settings.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield url
    except BaseException:  # pytest shows what a failed test printed: the server's side of it
        print(f"--- the app's log ({log_path.name}), last lines ---\n{log_path.read_text()[-4000:]}")
        raise
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def chromium_page(viewport=(1500, 1100), *, offline: bool = False):
    """A fresh headless Chromium page that records every host it requests (`offline`: no host
    but the app's can even be resolved)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS + (NO_NETWORK if offline else []))
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.requested_hosts = set()
            page.on("request", lambda r: page.requested_hosts.add(r.url.split("/")[2]))
            yield page
        finally:
            browser.close()


def wait_until(predicate, *, timeout: float = 30, what: str = "condition"):
    """Poll `predicate` until it returns something truthy; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def map_frame(page):
    """The Frame of the st_folium iframe."""
    return wait_until(lambda: next((f for f in page.frames if "streamlit_folium" in f.url), None),
                      what="the map iframe")


def wait_idle(page, *, timeout: float = 60) -> None:
    """Until the app's script has finished its run (Streamlit marks its root element)."""
    root = page.locator('[data-testid="stApp"]')
    wait_until(lambda: root.get_attribute("data-test-script-state") == "notRunning",
               timeout=timeout, what="the app's run to finish")


def sign_in(page, app_url: str, username: str, password: str) -> None:
    """Sign in on the Data page as a person does, once the page has loaded; a failure says what
    the page showed instead of the sign-out button."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(f"{app_url}/du-lieu")
    editors = page.get_by_text(i18n.t("access.for_editors", "vi"))
    editors.wait_for(timeout=60_000)
    wait_idle(page)
    editors.click()
    page.get_by_label(i18n.t("access.username", "vi")).fill(username)
    page.get_by_label(i18n.t("access.password", "vi")).fill(password)
    page.get_by_role("button", name=i18n.t("access.sign_in", "vi")).click()
    try:
        page.get_by_role("button", name=i18n.t("access.sign_out", "vi")).wait_for(timeout=60_000)
    except PlaywrightTimeout:
        shown = page.locator('[data-testid="stAlert"], [data-testid="stException"]')
        state = page.locator('[data-testid="stApp"]').get_attribute("data-test-script-state")
        raise AssertionError(f"{username} is not signed in after 60 s; the page's script is "
                             f"{state}, its messages: {shown.all_inner_texts()}") from None


def settled(measure, *, polls: int = 4, timeout: float = 30, what: str = "a steady value"):
    """`measure()` once it gave the same value `polls` times in a row (a map fitting itself,
    a page that stopped scrolling); that value."""
    seen: list = []

    def steady():
        seen.append(measure())
        return len(seen) >= polls and all(v == seen[-1] for v in seen[-polls:])

    wait_until(steady, timeout=timeout, what=what)
    return seen[-1]


AXE = settings.ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA: what the province's pages must pass
AXE_RUN = """async (exclude) => {
  const context = exclude.length ? {include: [document], exclude: exclude.map(s => [s])} : document;
  const r = await axe.run(context, {iframes: false, resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
    v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | '));
}"""


def require_axe() -> str:
    """axe-core's script (from npm, `make test` installs it); skip without it unless CI asked
    for the browser tests (then fail)."""
    if not AXE.exists():
        message = f"accessibility tests need {AXE} (npm ci)"
        if os.environ.get("DVK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def axe_violations(frame, where: str, exclude: tuple[str, ...] = ()) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations in one document (page or frame), but for the parts
    `exclude` selects (checked elsewhere), each naming the rule and the elements, prefixed with
    `where`."""
    if not frame.evaluate("() => !!window.axe"):
        frame.evaluate(require_axe())
    return [f"{where}: {v}" for v in frame.evaluate(AXE_RUN, list(exclude))]
