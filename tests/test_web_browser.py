"""The pages in a real browser: Debian's Chromium, headless, driven by Selenium, against a real
`hrdscore serve` on 127.0.0.1. A reader searches "Карачаганак", reaches KPO's page, switches to
Kazakh; axe-core 4 (vendored in tests/vendor/axe-core: no network) finds no WCAG 2.0 or 2.1
level A/AA violation on any page type in English and Kazakh; a screenshot of each page type goes
to tests/artifacts/.

Skipped, saying why, where Chromium, its driver or Selenium is missing (`.ci/run` installs
them, so CI runs these)."""

from __future__ import annotations

import functools
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hrdscore.dataset import Dataset
from tests.web_helpers import canary_base

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).parent / "artifacts"
PAGE_TYPES = {"home": "/", "scorecards": "/scorecards", "actor": "/actors/kpo",
              "responsiveness": "/responsiveness", "statistics": "/statistics",
              "methodology": "/methodology", "data": "/data", "followup": "/follow-up",
              "timeline": "/follow-up/kk2021-gov-06"}
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")  # WCAG 2.1 level AA, and what it includes
AXE_RUN = ("var done = arguments[arguments.length - 1];"
           f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(AXE_TAGS)}}}}})"
           ".then(r => done(r.violations))"
           ".catch(e => done([{id: 'axe failed: ' + e, impact: '', nodes: [{html: ''}]}]));")

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (CHROMIUM.is_file() and DRIVER.is_file()):
        pytest.skip(f"no {CHROMIUM} or {DRIVER}: install Debian's chromium and chromium-driver "
                    "(apt-get install -y chromium chromium-driver) to run the browser tests")
    webdriver = pytest.importorskip("selenium.webdriver",
                                    reason="selenium is not installed (pip install -e .[dev])")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                 "--window-size=1280,1000", "--lang=en"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_script_timeout(120)  # axe on a long page, on a busy two-core machine
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shipped: Dataset) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("browser")
    db = directory / "db.json"
    db.write_bytes(canary_base(directory, shipped).template)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hrdscore", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--db", str(db), "--no-access-log", "--rate-limit", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.communicate()[1]
            try:
                httpx.get(f"{base}/api/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not come up in 60 s"
                time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def _axe(browser: Any) -> list[dict[str, Any]]:
    """axe-core's violations of WCAG 2.0/2.1 A and AA on the page open in the browser."""
    browser.execute_script(_axe_source())
    violations: list[dict[str, Any]] = browser.execute_async_script(AXE_RUN)
    return violations


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")  # 650 kB: read once, injected into every page


def test_vendored_axe_is_4_and_checks_wcag_21(browser: Any, tmp_path: Path) -> None:
    """The checker itself: a page with a WCAG 2.0 fault (an unlabelled field), a WCAG 2.1 AA
    fault (an invalid autocomplete purpose, success criterion 1.3.5) and no language must be
    reported, so a clean result on our pages means something."""
    page = tmp_path / "faulty.html"
    page.write_text("<!doctype html><html><head><title>t</title></head><body><main>"
                    "<h1>t</h1><input type='text' name='x'>"
                    "<label>Name <input type='text' autocomplete='nonsense'></label>"
                    "</main></body></html>", encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.execute_script(f"{_axe_source()}; return axe.version").startswith("4.")
    found = {v["id"] for v in browser.execute_async_script(AXE_RUN)}
    assert {"label", "autocomplete-valid", "html-has-lang"} <= found, found


def _by(name: str) -> Any:
    from selenium.webdriver.common.by import By

    return getattr(By, name)


def test_search_reach_kpo_and_switch_to_kazakh(browser: Any, server: str) -> None:
    browser.get(f"{server}/?lang=en")
    browser.find_element(_by("LINK_TEXT"), "Scorecards").click()
    box = browser.find_element(_by("ID"), "q")
    box.send_keys("Карачаганак")
    box.submit()
    rows = browser.find_elements(_by("CSS_SELECTOR"), "table.list tbody th a")
    assert [r.text for r in rows] == ["Karachaganak Petroleum Operating B.V."]
    rows[0].click()
    assert browser.find_element(_by("TAG_NAME"), "h1").text == \
        "Karachaganak Petroleum Operating B.V."
    result = browser.find_element(_by("CSS_SELECTOR"), ".headline .result").text
    assert "insufficient evidence" in result
    assert "Replied to 1 of 1 information requests" in \
        browser.find_element(_by("CSS_SELECTOR"), ".headline .lead").text
    browser.find_element(_by("LINK_TEXT"), "Қазақша").click()
    html = browser.find_element(_by("TAG_NAME"), "html")
    assert html.get_attribute("lang") == "kk"
    assert browser.find_element(_by("ID"), "pillars").text == "Бағыттар бойынша нәтиже"
    # The choice is remembered: the next page is Kazakh too.
    browser.find_element(_by("CSS_SELECTOR"), "nav.sections a[href='/']").click()
    assert browser.find_element(_by("TAG_NAME"), "html").get_attribute("lang") == "kk"
    browser.get(f"{server}/?lang=en")  # leave the browser in English for the other tests


def test_filter_by_kind_in_the_form(browser: Any, server: str) -> None:
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(f"{server}/scorecards?lang=en")
    everyone = len(browser.find_elements(_by("CSS_SELECTOR"), "table.list tbody th a"))
    before = browser.find_element(_by("CSS_SELECTOR"), "table.list")
    Select(browser.find_element(_by("ID"), "kind")).select_by_value("company")
    browser.find_element(_by("CSS_SELECTOR"), "form.filters button").click()
    # The click starts loading the filtered page: read the table only once the old one is gone.
    WebDriverWait(browser, 30).until(expected_conditions.staleness_of(before))
    shown = browser.find_elements(_by("CSS_SELECTOR"), "table.list tbody tr td:nth-child(2)")
    assert shown and {cell.text for cell in shown} == {"company"}
    assert len(shown) < everyone


def test_every_link_answers(browser: Any, server: str) -> None:
    seen: set[str] = set()
    todo = [f"{server}{path}?lang={lang}" for path in PAGE_TYPES.values()
            for lang in ("en", "ru", "kk")]
    with httpx.Client(timeout=60) as client:
        for url in todo:
            browser.get(url)
            for link in browser.find_elements(_by("CSS_SELECTOR"), "a[href]"):
                href = link.get_attribute("href")
                if href and href.startswith(server) and href not in seen:
                    seen.add(href)
                    answer = client.get(href)
                    assert answer.status_code == 200, (url, href, answer.status_code)
    assert len(seen) > 50


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_axe_finds_no_wcag_aa_violation_and_screenshots(browser: Any, server: str,
                                                        lang: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    problems = []
    for name, path in PAGE_TYPES.items():
        browser.get(f"{server}{path}?lang={lang}")
        violations = _axe(browser)
        problems += [(name, v["id"], v["impact"], v["nodes"][0]["html"][:120])
                     for v in violations]
        browser.save_screenshot(str(ARTIFACTS / f"{name}-{lang}.png"))
    assert problems == []


def test_static_site_works_from_the_file_system(browser: Any, tmp_path: Path,
                                                shipped: Dataset) -> None:
    from hrdscore.model import Period
    from hrdscore.service import Workspace
    from hrdscore.store import Store
    from hrdscore.web.site import site_files

    base = canary_base(tmp_path, shipped)
    db = tmp_path / "db.json"
    db.write_bytes(base.template)
    ws = Workspace(catalog=base.catalog, methodology=base.methodology, store=Store(db))
    site = tmp_path / "site"
    for rel, data in site_files(ws, Period.parse("2021")):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    browser.get((site / "index.html").as_uri())
    assert browser.find_element(_by("TAG_NAME"), "h1").text == "Scorecards 2021"
    browser.find_element(_by("LINK_TEXT"), "Karachaganak Petroleum Operating B.V.").click()
    assert browser.current_url.endswith("/site/actors/kpo.html")
    browser.find_element(_by("LINK_TEXT"), "Русский").click()
    assert browser.current_url.endswith("/site/ru/actors/kpo.html")
    assert browser.find_element(_by("TAG_NAME"), "html").get_attribute("lang") == "ru"
    assert browser.find_element(_by("ID"), "pillars").text == "Результат по направлениям"
    # The style sheet came from the site's own folder.
    width = browser.execute_script(
        "return getComputedStyle(document.querySelector('.headline')).borderLeftWidth")
    assert width == "6px"
    # Search without a server: the page's own script, the same folding as the server's.
    browser.get((site / "kk" / "scorecards.html").as_uri())
    every = len(browser.find_elements(_by("CSS_SELECTOR"), "table.list tbody th a"))
    browser.find_element(_by("ID"), "q").send_keys("Карачаганак")
    shown = [a.text for a in browser.find_elements(_by("CSS_SELECTOR"), "table.list tbody th a")
             if a.is_displayed()]
    assert shown == ["Karachaganak Petroleum Operating B.V."]
    assert browser.find_element(_by("ID"), "count-shown").text == "1" and every > 10
    box = browser.find_element(_by("ID"), "q")
    box.clear()
    box.send_keys("bozashy trans kurylys")
    shown = [a.text for a in browser.find_elements(_by("CSS_SELECTOR"), "table.list tbody th a")
             if a.is_displayed()]
    assert shown == ["BozashyTransҚұrylys LLP"]
