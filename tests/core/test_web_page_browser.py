"""The web page of a pair in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright.

Every request the page makes is caught: none may leave the file. A hostile
pair (scripts, event handlers, javascript: links, terminal escapes in its
text, tags and notes) must run nothing but the page's own script.

Without Chromium or Playwright these tests are skipped, saying why; under
CI (the variable CI set) a missing browser is a failure instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support import newsread
from test_web_page import PAYLOADS, hostile_page  # noqa: F401  (a fixture)

CHROMIUM = Path("/usr/bin/chromium")
# One worker of the test run takes the whole module: Chromium starts once.
pytestmark = pytest.mark.xdist_group("browser")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is missing (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium with an empty profile, or a skip (a failure under CI) saying what is missing."""
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests cannot run under CI: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"), executable_path=str(CHROMIUM), headless=True,
            args=FLAGS, viewport={"width": 1400, "height": 900})
        yield context
        context.close()


class Opened:
    """A page opened from a file, with every request it made, its console and dialogs."""

    def __init__(self, context, path: Path) -> None:
        self.requests: list[str] = []
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.url = path.resolve().as_uri()
        self.page = context.new_page()

        def route(route) -> None:
            self.requests.append(route.request.url)
            if route.request.url == self.url:
                route.continue_()
            else:
                route.abort()

        self.page.route("**/*", route)
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        self.page.on("pageerror", lambda error: self.console.append(f"error: {error}"))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory, seed_paths, seed_cache) -> tuple[Path, dict]:
    """The seeds' page as `newsread compare --format html` writes it, and the compare JSON beside it."""
    folder = tmp_path_factory.mktemp("page")
    db = folder / "newsread.db"
    db.write_bytes(seed_cache.read_bytes())
    path = folder / "pair.html"
    result = newsread("compare", *map(str, seed_paths), "--format", "html", "--db", str(db))
    assert result.returncode == 0, result.stderr.decode()
    path.write_bytes(result.stdout)
    data = newsread("compare", *map(str, seed_paths), "--format", "json", "--db", str(db))
    return path, json.loads(data.stdout)


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_page_loads_with_no_request_leaving_the_file(browser, seeds_page):
    opened = Opened(browser, seeds_page[0])
    try:
        assert opened.requests == [opened.url]
        # A style or script the policy blocked would be reported here.
        assert opened.console == []
        # The page's own script ran: the panel it fills is there and the styles apply.
        assert opened.page.evaluate("getComputedStyle(document.querySelector('.pair')).display") == "grid"
    finally:
        opened.close()


def test_both_headlines_and_every_claim_are_in_the_page(browser, seeds_page):
    path, data = seeds_page
    opened = Opened(browser, path)
    page = opened.page
    try:
        for n, doc in enumerate(data["documents"]):
            assert doc["title"] in page.text_content(f".mast.{'ab'[n]} h2")
        assert len(data["claims"]) >= 5
        texts = [d["text"] for d in data["documents"]]
        for n, claim in enumerate(data["claims"], start=1):
            for side, doc, text in (("A", data["documents"][0], texts[0]), ("B", data["documents"][1], texts[1])):
                s = doc["sentences"][claim[side.lower()]]
                shown = page.text_content(f"#{side}{claim[side.lower()] + 1}")
                assert _words(shown) == _words(text[s["start"]:s["end"]])
            item = page.text_content(f"#c{n}")
            for reason in claim["reasons"]:
                assert reason in item
    finally:
        opened.close()


def test_clicking_a_sentence_lights_its_partner_and_shows_why(browser, seeds_page):
    path, data = seeds_page
    opened = Opened(browser, path)
    page = opened.page
    try:
        claim = data["claims"][-1]
        mine, partner = f"#A{claim['a'] + 1}", f"#B{claim['b'] + 1}"
        assert "partner" not in (page.get_attribute(partner, "class") or "")
        page.click(mine)
        assert "lit" in page.get_attribute(mine, "class").split()
        assert "partner" in page.get_attribute(partner, "class").split()
        assert page.is_visible("#panel")
        assert claim["reasons"][0] in page.text_content("#panel")
        assert page.locator("#panel del, #panel ins").count() > 0
        # The link beside the sentence jumps to the partner, script or not.
        page.click(f"{mine} + a.jump, {mine} ~ a.jump[href='{partner}']")
        assert page.evaluate("location.hash") == partner
        page.click("#close")
        assert not page.is_visible("#panel")
        assert "partner" not in page.get_attribute(partner, "class").split()
    finally:
        opened.close()


def test_the_page_reads_without_its_script(browser, seeds_page):
    path, data = seeds_page
    context = browser.browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(path.resolve().as_uri())
        # Everything the script would show is in the page: each claim's reasons and word diff.
        claim = data["claims"][0]
        assert claim["reasons"][0] in page.text_content("#c1")
        assert page.locator("#c1 del, #c1 ins").count() > 0
        assert page.is_hidden("#panel")
        assert page.evaluate("getComputedStyle(document.querySelector('.pair')).display") == "grid"
    finally:
        context.close()


def test_a_hostile_page_runs_nothing_but_its_own_script(browser, hostile_page, tmp_path):  # noqa: F811
    path = tmp_path / "hostile.html"
    path.write_text(hostile_page[0], encoding="utf-8")
    opened = Opened(browser, path)
    page = opened.page
    try:
        assert opened.requests == [opened.url], "an <img> or <svg> of a payload would have been fetched"
        assert opened.dialogs == []
        assert opened.console == []
        assert page.evaluate("window.pwned") is None
        assert page.evaluate("document.scripts.length") == 1
        assert page.locator("img, svg, iframe, object, embed, [onerror], [onload], a[href^='javascript']").count() == 0
        # The payloads are there as text, to be read, in the articles, the tags and the notes.
        assert PAYLOADS[0] in page.text_content("main")
        assert PAYLOADS[0] in page.text_content(".anno .note")
        assert "#" + PAYLOADS[1] in page.text_content(".anno")
        # Clicking around runs the page's script and nothing else.
        page.click(".s[data-c] >> nth=0")
        page.click("#panel .head a >> nth=0")
        assert page.evaluate("window.pwned") is None and opened.dialogs == []
    finally:
        opened.close()


def test_it_prints_both_columns_on_a4_landscape(browser, seeds_page):
    import re

    opened = Opened(browser, seeds_page[0])
    page = opened.page
    try:
        page.emulate_media(media="print")
        columns = page.evaluate("getComputedStyle(document.querySelector('.pair')).gridTemplateColumns").split()
        assert len(columns) == 2 and abs(float(columns[0][:-2]) - float(columns[1][:-2])) < 1
        assert page.is_hidden("#panel") and page.is_hidden(".legend")
        pdf = page.pdf(prefer_css_page_size=True)
        width, height = (float(x) for x in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
        assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    finally:
        opened.close()


def test_a_narrow_screen_stacks_the_articles(browser, seeds_page):
    opened = Opened(browser, seeds_page[0])
    page = opened.page
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("getComputedStyle(document.querySelector('.pair')).display") == "block"
        # All of A, then all of B.
        last_a = page.evaluate("[...document.querySelectorAll('.cell.a')].pop().getBoundingClientRect().bottom")
        first_b = page.evaluate("document.querySelector('.cell.b').getBoundingClientRect().top")
        assert first_b >= last_a
    finally:
        opened.close()


def test_hovering_lights_the_partner_and_the_keyboard_reaches_the_pair(browser, seeds_page):
    path, data = seeds_page
    opened = Opened(browser, path)
    page = opened.page
    try:
        claim = data["claims"][0]
        mine, partner = f"#B{claim['b'] + 1}", f"#A{claim['a'] + 1}"
        page.hover(mine)
        assert "partner" in page.get_attribute(partner, "class").split()
        page.mouse.move(1, 1)
        assert "partner" not in page.get_attribute(partner, "class").split()
        assert not page.is_visible("#panel")
        # Tab to a sentence that has a partner, enter shows the pair, escape closes it.
        page.focus(mine)
        page.keyboard.press("Enter")
        assert page.is_visible("#panel") and claim["reasons"][0] in page.text_content("#panel")
        page.keyboard.press("Escape")
        assert not page.is_visible("#panel")
        assert opened.console == []
    finally:
        opened.close()
