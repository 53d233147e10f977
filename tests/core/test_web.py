"""Articles read from the web: a local HTTP server serves news-site pages built
around real ECB+ articles, and every way a fetch can go wrong.

The server runs on 127.0.0.1 inside the test process; nothing leaves the machine.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from support import newsread

from annotations.errors import InputError
from annotations.sources.articles import HEADLINE, load_article
from annotations.sources.fetching import fetch, user_agent
from annotations.sources.reading import read_url

DATA = Path(__file__).resolve().parent.parent / "data"
PAGES = DATA / "pages"
ECB = DATA / "ecbplus"


def ecb_blocks(name: str) -> list[str]:
    return [b.strip() for b in (ECB / name).read_text(encoding="utf-8").split("\n\n") if b.strip()]


# What the reader must get from each page: the headline, then the article's
# paragraphs (the 10_13 page shows its date line in the byline, not the body).
HERALD_TEXT = "\n\n".join([ecb_blocks("10_13ecbplus.txt")[0], *ecb_blocks("10_13ecbplus.txt")[2:]])
SOXBLOG_TEXT = "\n\n".join(ecb_blocks("10_6ecbplus.txt"))
PLAIN = (ECB / "10_2ecbplus.txt").read_bytes()


class Handler(BaseHTTPRequestHandler):
    """Routes of the test site; `seen` keeps the headers of every request."""

    seen: list[dict[str, str]] = []
    flaky_down = False

    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def send(self, status: int, body: bytes, content_type: str | None, **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        if "Content_Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        Handler.seen.append(dict(self.headers))
        path = self.path
        if path == "/sport/teixeira-offer.html":
            self.send(200, (PAGES / "herald.html").read_bytes(), "text/html; charset=utf-8")
        elif path == "/blog/teixeira-not-headed-to-boston":
            # The charset is declared only in the page's <meta>, as many sites do.
            self.send(200, (PAGES / "soxblog-cp1252.html").read_bytes(), "text/html")
        elif path == "/old/teixeira":
            self.send(301, b"", None, Location="/sport/teixeira-offer.html")
        elif path == "/wire/teixeira.txt":
            self.send(200, PLAIN, "text/plain; charset=utf-8")
        elif path == "/sport":
            self.send(200, (PAGES / "no-article.html").read_bytes(), "text/html; charset=utf-8")
        elif path == "/gone":
            self.send(404, b"<h1>Not found</h1>", "text/html")
        elif path == "/broken":
            self.send(500, b"<h1>Oops</h1>", "text/html")
        elif path == "/report.pdf":
            self.send(200, b"%PDF-1.4 not really", "application/pdf")
        elif path == "/slow":
            time.sleep(3)
            self.send(200, (PAGES / "herald.html").read_bytes(), "text/html")
        elif path == "/compressed":
            body = gzip.compress((PAGES / "herald.html").read_bytes())
            self.send(200, body, "text/html; charset=utf-8", Content_Encoding="gzip")
        elif path == "/members":
            # Two gzip members one after another, as `cat a.gz b.gz` makes: the page is both.
            page = (PAGES / "herald.html").read_bytes()
            half = len(page) // 2
            body = gzip.compress(page[:half]) + gzip.compress(page[half:])
            self.send(200, body, "text/html; charset=utf-8", Content_Encoding="gzip")
        elif path == "/bomb":
            # 1 KB on the wire, 3 MB once inflated.
            self.send(200, gzip.compress(b"<p>" + b"a " * 1_500_000), "text/html", Content_Encoding="gzip")
        elif path == "/big":
            self.send(200, b"<p>" + b"word " * 420_000 + b"</p>", "text/html")
        elif path == "/huge-no-length":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>" + b"word " * 20_000 + b"</p>\n")
        elif path == "/flaky":
            if Handler.flaky_down:
                self.send(503, b"<h1>Down for maintenance</h1>", "text/html")
            else:
                self.send(200, (PAGES / "herald.html").read_bytes(), "text/html; charset=utf-8")
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):  # each piece well inside the timeout, the whole far beyond it
                self.wfile.write(b"<p>" + b"word " * 3000 + b"</p>\n")
                self.wfile.flush()
                time.sleep(0.2)
        elif path == "/to-file":
            self.send(302, b"", None, Location="file:///etc/passwd")
        else:
            self.send(404, b"", "text/html")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # the client hanging up early (timeout, size cap) is what those tests do


@pytest.fixture(scope="module")
def site():
    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# -- pages that hold an article ---------------------------------------------

def test_news_page_is_reduced_to_its_article(site):
    article = load_article(f"{site}/sport/teixeira-offer.html")
    assert article.text == HERALD_TEXT
    assert article.title == "Report: Red Sox offer Teixeira $200 million"
    assert article.paragraphs[0].kind == HEADLINE
    assert article.byline == "Alex Morgan"
    assert article.date == "2008-12-15"
    assert article.format == "html"
    assert article.encoding == "utf-8"
    assert article.source == f"{site}/sport/teixeira-offer.html"
    assert article.warnings == ()
    for furniture in ("cookies", "Related stories", "Privacy policy", "Subscribe", "Share on Facebook"):
        assert furniture not in article.text


def test_meta_charset_page_is_decoded_and_reported(site):
    url = f"{site}/blog/teixeira-not-headed-to-boston"
    article = load_article(url)
    assert article.text == SOXBLOG_TEXT
    assert "I can’t. Yet it’s coming" in article.text
    assert article.encoding == "cp1252"
    assert article.byline == "Chris Lee"
    assert article.warnings == (f"{url} is not UTF-8; it was read as Windows-1252.",)


def test_redirect_is_followed(site):
    article = load_article(f"{site}/old/teixeira")
    assert article.text == HERALD_TEXT
    assert article.source == f"{site}/old/teixeira"


def test_gzip_page_is_inflated(site):
    assert load_article(f"{site}/compressed").text == HERALD_TEXT


def test_a_gzip_body_of_several_members_is_read_whole(site):
    """Only the first member was read, and the rest of the page dropped without a word."""
    assert load_article(f"{site}/members").text == HERALD_TEXT


def test_plain_text_url_is_read_as_text(site):
    article = load_article(f"{site}/wire/teixeira.txt")
    assert article.text == PLAIN.decode("utf-8")
    assert article.format == "text"


def test_request_names_newsread(site):
    Handler.seen.clear()
    fetch(f"{site}/sport/teixeira-offer.html", max_bytes=1 << 20)
    agent = Handler.seen[-1]["User-Agent"]
    assert agent == user_agent()
    assert agent.startswith("newsread/") and "(+" in agent


# -- every way a fetch goes wrong: one sentence naming the URL ----------------

@pytest.mark.parametrize("path, message", [
    ("/gone", "{url} could not be fetched: the server answered 404 Not Found."),
    ("/broken", "{url} could not be fetched: the server answered 500 Internal Server Error."),
    ("/report.pdf", "{url} is not a web page (the server sent application/pdf)."),
    ("/sport", "{url} has no article text that newsread can find."),
    ("/to-file", "{url} redirects to file:///etc/passwd, which is not a web page."),
])
def test_failures_are_one_sentence_naming_the_url(site, path, message):
    url = f"{site}{path}"
    with pytest.raises(InputError) as caught:
        load_article(url)
    assert str(caught.value) == message.format(url=url)


def test_timeout_names_the_url_and_the_wait(site):
    url = f"{site}/slow"
    with pytest.raises(InputError) as caught:
        read_url(url, timeout=0.5)
    assert str(caught.value) == f"{url} could not be fetched (no answer within 0.5 seconds)."


def test_a_page_dripping_in_past_the_time_limit(site):
    url = f"{site}/drip"
    with pytest.raises(InputError) as caught:
        read_url(url, timeout=0.5)
    assert str(caught.value) == f"{url} could not be fetched (the page took over 1.5 seconds to arrive)."


def test_refused_connection(site):
    # A port nothing listens on: bind one, then close it.
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/article"
    with pytest.raises(InputError) as caught:
        load_article(url)
    assert str(caught.value) == f"{url} could not be fetched (the connection was refused)."


def test_size_cap_with_content_length(site):
    url = f"{site}/big"
    with pytest.raises(InputError) as caught:
        load_article(url, max_bytes=1 << 20)
    assert str(caught.value) == f"{url} is 2.0 MB, over the 1 MB limit (raise it with --max-size)."


def test_size_cap_without_content_length(site):
    url = f"{site}/huge-no-length"
    with pytest.raises(InputError) as caught:
        load_article(url, max_bytes=1 << 20)
    assert str(caught.value) == f"{url} is over the 1 MB limit (raise it with --max-size)."


def test_size_cap_applies_after_decompression(site):
    url = f"{site}/bomb"
    with pytest.raises(InputError) as caught:
        load_article(url, max_bytes=1 << 20)
    assert str(caught.value) == f"{url} is over the 1 MB limit (raise it with --max-size)."


# -- end to end --------------------------------------------------------------

def test_compare_two_urls_as_json(site):
    a, b = f"{site}/sport/teixeira-offer.html", f"{site}/blog/teixeira-not-headed-to-boston"
    result = newsread("compare", a, b, "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    doc_a, doc_b = data["documents"]
    assert (doc_a["source"], doc_a["text"], doc_a["format"], doc_a["encoding"]) == (
        a, HERALD_TEXT, "html", "utf-8")
    assert (doc_b["source"], doc_b["text"], doc_b["format"], doc_b["encoding"]) == (
        b, SOXBLOG_TEXT, "html", "cp1252")
    for doc in (doc_a, doc_b):
        assert doc["sentences"]
        for s in doc["sentences"]:
            assert 0 <= s["start"] < s["end"] <= len(doc["text"])
    names = {e["name"] for e in data["entities"]}
    assert "Teixeira" in names or "Mark Teixeira" in names
    # The encoding is said on stderr, stdout holds the JSON alone.
    assert f"{b} is not UTF-8; it was read as Windows-1252." in result.stderr.decode()


def test_compare_with_a_dead_url_is_one_sentence(site):
    url = f"{site}/gone"
    result = newsread("compare", url, f"{site}/sport/teixeira-offer.html")
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == (
        f"newsread: {url} could not be fetched: the server answered 404 Not Found.\n"
    )


# -- pages kept in the database: a re-open works offline ----------------------

def test_reopen_works_offline_and_keeps_annotations(tmp_path):
    from annotations.store.store import Store

    db = tmp_path / "newsread.db"
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/blog/teixeira-not-headed-to-boston"
    online = load_article(url, db=db)
    with Store(db) as store:
        stored = store.open_article(online).article
        start = online.text.index("John Henry")
        note = store.add(stored.id, online.text, start, start + len("John Henry"), ["owner"], "Sox owner")
    server.shutdown()
    server.server_close()  # the site is gone: connections are refused

    offline = load_article(url, db=db)
    assert offline.text == online.text and offline.sha256 == online.sha256
    assert offline.encoding == "cp1252" and offline.byline == "Chris Lee"
    first = offline.warnings[0]
    assert first.startswith(f"{url} could not be fetched (the connection was refused); "
                            "newsread shows the copy it saved on ")
    assert first.endswith(" UTC.")
    assert offline.warnings[1:] == (f"{url} is not UTF-8; it was read as Windows-1252.",)
    with Store(db) as store:
        opened = store.open_article(offline)
    assert [(a.id, a.start, a.exact, a.note) for a in opened.annotations] == [
        (note.id, start, "John Henry", "Sox owner")]


def test_no_saved_copy_means_the_error_stands(tmp_path, site):
    url = f"{site}/gone"
    with pytest.raises(InputError) as caught:
        load_article(url, db=tmp_path / "newsread.db")
    assert str(caught.value) == f"{url} could not be fetched: the server answered 404 Not Found."


def test_a_later_fetch_replaces_the_copy_and_a_server_error_falls_back(tmp_path, site):
    db = tmp_path / "newsread.db"
    Handler.flaky_down = False
    url = f"{site}/flaky"
    first = load_article(url, db=db)
    Handler.flaky_down = True
    again = load_article(url, db=db)
    assert again.text == first.text == HERALD_TEXT
    assert again.warnings[0].startswith(
        f"{url} could not be fetched: the server answered 503 Service Unavailable; "
        "newsread shows the copy it saved on ")


def test_compare_offline_with_db(tmp_path):
    db = tmp_path / "pages.db"
    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    a, b = f"{base}/sport/teixeira-offer.html", f"{base}/blog/teixeira-not-headed-to-boston"
    online = newsread("compare", a, b, "--format", "json", "--db", str(db))
    assert online.returncode == 0, online.stderr.decode()
    server.shutdown()
    server.server_close()
    offline = newsread("compare", a, b, "--format", "json", "--db", str(db))
    assert offline.returncode == 0, offline.stderr.decode()
    docs_online = json.loads(online.stdout)["documents"]
    docs_offline = json.loads(offline.stdout)["documents"]
    assert [d["sha256"] for d in docs_offline] == [d["sha256"] for d in docs_online]
    assert [d["text"] for d in docs_offline] == [HERALD_TEXT, SOXBLOG_TEXT]
    err = offline.stderr.decode()
    for url in (a, b):
        assert f"newsread: {url} could not be fetched (the connection was refused); " \
               "newsread shows the copy it saved on " in err
