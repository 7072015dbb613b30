"""Browser fixtures: one Streamlit server and one Debian chromium per session (STACK-NOTES §4).

Playwright's sync API is used directly (no pytest-playwright): chromium is Debian's
``/usr/bin/chromium`` (never ``playwright install``), launched with the flags that stop its own
background connections, so that any request leaving 127.0.0.1 is the page's fault. Screenshots
at projector size (1280×720) go to ``artifacts/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 720}
LOOPBACK = {"127.0.0.1", "localhost", "::1", None, ""}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of this folder drives the browser: mark it so ``-m "not browser"`` skips it."""
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def streamlit_server() -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port; yields its URL once healthy."""
    port = _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "streamlit-server.log"
    with open(log, "w") as out:  # noqa: PTH123 - a plain log file for CI post-mortems
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless=true",
                f"--server.port={port}",
                "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false",
                "--server.fileWatcherType=none",
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"},
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            proc.kill()
            raise RuntimeError(f"streamlit n'a pas démarré ; voir {log}")
        try:
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright's sync API."""
    if not Path(CHROMIUM).exists():
        message = "chromium absent : apt-get install -y chromium (make test l'installe)"
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI a missing browser must not pass as skipped tests
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Recorder:
    """What a page did that it must not: requests off this machine, dialogs, page errors."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

    def request(self, request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        if urlparse(url).hostname not in LOOPBACK:
            self.external.append(url)

    def dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def page(browser, recorder: Recorder):
    """A fresh projector-sized page that records external requests, dialogs and errors."""
    context = browser.new_context(viewport=VIEWPORT, locale="fr-FR")
    context.set_default_timeout(60_000)
    tab = context.new_page()
    tab.on("request", recorder.request)
    tab.on("dialog", recorder.dialog)
    tab.on("pageerror", lambda error: recorder.errors.append(str(error)))
    yield tab
    context.close()


def _screenshot(tab, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path))
    return path


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves a projector-sized PNG under ``artifacts/``."""
    return _screenshot
