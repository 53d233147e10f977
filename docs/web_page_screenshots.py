"""Make docs/web-page-wide.png and docs/web-page-narrow.png: the seeds' web page in headless Chromium.

    python docs/web_page_screenshots.py     (from the repository root; needs /usr/bin/chromium and Playwright)

The seeds are analysed into a database of their own, given two annotations
and one verdict (so that notes and "confirmed by you" show), and written with
`newsread compare --format html`. The wide shot has a sentence clicked (its
partner lit, why they were paired below); the narrow one shows the stacked
articles. Every request but the file's own is refused.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)

from annotations.paths import seed_articles  # noqa: E402
from annotations.sources.articles import load_article  # noqa: E402
from annotations.store.store import Store  # noqa: E402
from annotations.store.verdicts import judge  # noqa: E402

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def annotate(db: Path) -> None:
    a, b = (load_article(str(p)) for p in seed_articles())
    with Store(db) as store:
        ia, ib = store.open_article(a).article.id, store.open_article(b).article.id
        i = a.text.index("The Moscow Times")
        store.add(ia, a.text, i, i + 60, tags=["source", "check"],
                  note="Second-hand: the Moscow Times quoting Ushakov.\nFind the Kremlin readout.")
        j = b.text.index("Russian President Vladimir Putin and Chinese")
        store.add(ib, b.text, j, j + 50, tags=["lead"])
        sa = a.text.index("China’s president Xi Jiinping")
        ea = a.text.index("accused of.", sa) + len("accused of.")
        eb = b.text.index("Kremlin.", j) + len("Kremlin.")
        judge(store, (ia, ib), (a.text, b.text), (sa, ea), (j, eb), "confirmed", "same")


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        db, page_path = Path(folder) / "newsread.db", Path(folder) / "pair.html"
        command = [sys.executable, "-m", "tui", "compare", *map(str, seed_articles()), "--db", str(db)]
        subprocess.run([*command, "--format", "json"], check=True, cwd=ROOT, capture_output=True)
        annotate(db)
        page_path.write_bytes(subprocess.run([*command, "--format", "html"], check=True, cwd=ROOT,
                                             capture_output=True).stdout)
        url = page_path.as_uri()
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                Path(folder) / "profile", executable_path="/usr/bin/chromium", headless=True, args=FLAGS,
                viewport={"width": 1400, "height": 860})
            context.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
            page = context.new_page()
            page.goto(url)
            page.evaluate("document.querySelector('.pair').scrollIntoView(); window.scrollBy(0, -10)")
            page.click("#A7")
            page.mouse.move(5, 5)
            page.screenshot(path=str(ROOT / "docs" / "web-page-wide.png"))
            page.set_viewport_size({"width": 390, "height": 844})
            page.click("#close")
            page.evaluate("document.querySelector('.colhead').scrollIntoView()")
            page.screenshot(path=str(ROOT / "docs" / "web-page-narrow.png"))
            context.close()


if __name__ == "__main__":
    main()
