"""Rebuild the news-site pages the tests read, around real ECB+ article texts.

Run from this folder: `python make_pages.py`. Each page has what a real news
page has around the article: navigation, a cookie banner, a byline and a
date, related links, share buttons, scripts and a footer.
"""

from __future__ import annotations

import html
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = HERE.parent / "ecbplus"

NAV = """<header class="site-header"><a class="logo" href="/">{site}</a>
<nav aria-label="Main"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport/mlb">MLB</a></li><li><a href="/sport/nfl">NFL</a></li><li><a href="/opinion">Opinion</a></li>
<li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent" role="dialog"><p>We use cookies to personalise content and ads
and to analyse our traffic. By clicking Accept you agree to our use of cookies.</p>
<button>Accept all</button> <button>Manage preferences</button></div>"""

RELATED = """<aside class="related-links"><h2>Related stories</h2><ul>
<li><a href="/sport/mlb/yankees-sabathia">Yankees land Sabathia with record deal for a pitcher</a></li>
<li><a href="/sport/mlb/angels-first-base">Angels weigh their options at first base</a></li>
<li><a href="/sport/mlb/winter-meetings">Winter meetings: what we learned this week</a></li></ul></aside>
<div class="share"><a href="/share/facebook">Share on Facebook</a> <a href="/share/twitter">Tweet</a>
<a href="/share/email">Email</a></div>"""

FOOTER = """<footer><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
<p>&copy; 2008 {site}. All rights reserved.</p></footer>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "sport"}});</script>"""


def page(site: str, headline: str, paragraphs: list[str], byline: str, date_iso: str,
         date_shown: str, charset: str) -> str:
    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    head = html.escape(headline, quote=False)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}">
<title>{head} | {site}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{html.escape(headline)}">
<meta property="og:site_name" content="{site}">
<meta name="author" content="{byline}">
<meta property="article:published_time" content="{date_iso}T07:35:00-05:00">
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
{NAV.format(site=site)}
<main id="content"><article class="story">
<h1 class="headline">{head}</h1>
<div class="byline">By <a rel="author" href="/staff/{byline.lower().replace(' ', '-')}">{byline}</a>,
Staff writer &middot; <time datetime="{date_iso}">{date_shown}</time></div>
<div class="story-body">
{body}
</div>
</article>
{RELATED}
</main>
{FOOTER.format(site=site)}
</body></html>
"""


def article(name: str) -> tuple[str, list[str]]:
    blocks = (TEXTS / name).read_text(encoding="utf-8").split("\n\n")
    return blocks[0].strip(), [b.strip() for b in blocks[1:] if b.strip()]


def main() -> None:
    headline, paragraphs = article("10_13ecbplus.txt")
    # The ECB+ text keeps the page's date line as its first paragraph; the page shows it in the byline.
    date_line, paragraphs = paragraphs[0], paragraphs[1:]
    (HERE / "herald.html").write_text(
        page("Boston Sports Herald", headline, paragraphs, "Alex Morgan", "2008-12-15", date_line, "utf-8"),
        encoding="utf-8",
    )
    headline, paragraphs = article("10_6ecbplus.txt")
    (HERE / "soxblog-cp1252.html").write_bytes(
        page("Sox Blog", headline, paragraphs, "Chris Lee", "2008-12-18", "December 18, 2008",
             "windows-1252").encode("cp1252")
    )
    (HERE / "no-article.html").write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sport | Boston Sports Herald</title></head>
<body>
{NAV.format(site="Boston Sports Herald")}
<main>{RELATED}</main>
{FOOTER.format(site="Boston Sports Herald")}
</body></html>
""",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
