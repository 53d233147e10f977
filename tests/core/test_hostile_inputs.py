"""Hostile inputs to the command line: web servers on 127.0.0.1 that cut a page
short, drip it, or redirect nowhere; stray bytes; size limits; named pipes;
usage errors and unwritable output. Each is one sentence, exit status 2."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from support import ROOT, interruptible, newsread

from annotations.errors import InputError
from annotations.sources.fetching import fetch
from annotations.sources.reading import from_bytes, read_url

PAGE = (Path(__file__).resolve().parent.parent / "data" / "pages" / "herald.html").read_bytes()


class Hostile(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        if self.path == "/short":
            # Announces the whole page, sends a third of it, hangs up.
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE[:len(PAGE) // 3])
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/drip-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            for byte in PAGE:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/drip-headers":
            for byte in b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"a" * 10_000:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/nowhere":
            self.send_response(302)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


@pytest.fixture(scope="module")
def site():
    server = Server(("127.0.0.1", 0), Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_short_body_is_an_error_and_not_kept(site, tmp_path):
    url = f"{site}/short"
    db = tmp_path / "newsread.db"
    with pytest.raises(InputError) as caught:
        read_url(url, db=db)
    assert str(caught.value) == (
        f"{url} could not be fetched (the server closed the connection after "
        f"{len(PAGE) // 3:,} of the {len(PAGE):,} bytes it announced).")
    from annotations.sources.pages import saved

    assert saved(url, db) is None  # the fragment is not the offline copy


@pytest.mark.parametrize("path", ["/drip-body", "/drip-headers"])
def test_the_deadline_holds_for_the_whole_exchange(site, path):
    url = f"{site}{path}"
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        fetch(url, 1 << 20, timeout=0.5)
    assert str(caught.value) == f"{url} could not be fetched (the page took over 1.5 seconds to arrive)."
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("path, says", [
    ("/loop", "its redirects go round in a loop"),
    ("/nowhere", "the server answered 302 (a redirect) without saying where to"),
])
def test_redirects_that_lead_nowhere_are_said_as_such(site, path, says):
    url = f"{site}{path}"
    with pytest.raises(InputError) as caught:
        fetch(url, 1 << 20)
    assert str(caught.value).startswith(f"{url} could not be fetched: {says}")
    assert "not a web page" not in str(caught.value)


# -- bytes and sizes -------------------------------------------------------------------

def test_one_stray_byte_does_not_garble_the_article(seed_paths):
    data = seed_paths[0].read_bytes() + b"Caf\xe9\n"
    loaded = from_bytes(data, "seed", "seed")
    assert loaded.encoding == "utf-8"
    assert loaded.text == seed_paths[0].read_text(encoding="utf-8") + "Caf\ufffd\n"
    assert "‚Äì" not in loaded.text
    assert loaded.warnings == ("seed is UTF-8 but for one byte that is not; it was replaced by �.",)


def test_legacy_text_is_still_read_in_its_encoding():
    loaded = from_bytes("Café crème, naïve façade – déjà vu.".encode("cp1252"), "old", "old")
    assert loaded.encoding == "cp1252" and loaded.text == "Café crème, naïve façade – déjà vu."


def test_a_high_size_limit_costs_nothing_on_a_small_file(seed_paths):
    result = newsread("compare", str(seed_paths[0]), str(seed_paths[1]), "--max-size", "50000",
                      "--format", "json")
    assert result.returncode == 0, result.stderr.decode()


def test_an_absurd_size_limit_is_one_sentence(seed_paths):
    result = newsread("compare", str(seed_paths[0]), str(seed_paths[1]), "--max-size", "9999999999999",
                      text=True)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("newsread: invalid value for '--max-size': 9999999999999 is not in the range "
                             "1<=x<=1000000 (see 'newsread compare --help').\n")


# -- the command line itself -------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["compare", "--format", "xml", "a", "b"],
    ["export", "--nope"],
    ["cache", "sweep"],
])
def test_usage_errors_are_one_sentence(args):
    result = newsread(*args, text=True)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsread: ") and lines[0].endswith("--help').")


def test_help_and_version_still_work():
    assert newsread("--help", text=True).returncode == 0
    assert newsread("--version", text=True).stdout.startswith("newsread, version")


def test_output_to_a_full_device_is_one_sentence(seed_paths):
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "tui", "compare", *map(str, seed_paths)],
                                stdout=full, stderr=subprocess.PIPE, cwd=ROOT, timeout=300)
    err = result.stderr.decode()
    assert result.returncode == 2 and "Traceback" not in err
    assert err.splitlines()[-1] == "newsread: the output cannot be written (No space left on device)."


def test_a_named_pipe_says_it_waits_and_how_to_stop(tmp_path, seed_paths):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    child = subprocess.Popen([sys.executable, "-m", "tui", "compare", str(fifo), str(seed_paths[1])],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, preexec_fn=interruptible)
    try:
        line = child.stderr.readline().decode()
        assert line == f"newsread: {fifo} is a named pipe: waiting for something to write into it (ctrl+c stops).\n"
        child.send_signal(2)  # ctrl+c
        _, err = child.communicate(timeout=30)
        assert child.returncode == 130 and b"Traceback" not in err
        assert err.decode().strip() == "newsread: stopped."
    finally:
        child.kill()


@pytest.mark.parametrize("spaces", ["\u00a0\u2003\n", "\u3000", "\u2028", "\u00a0"])
@pytest.mark.parametrize("command", ["compare", "read"])
def test_an_article_of_only_unicode_spaces_is_one_sentence(tmp_path, seed_paths, spaces, command, monkeypatch):
    """Such an article once reached the claim matcher, which ended in an IndexError."""
    from click.testing import CliRunner

    from tui.app import FIRST_PAINT_ENV
    from tui.cli import cli

    monkeypatch.setenv(FIRST_PAINT_ENV, "1")  # a reader that did open closes at once

    path = tmp_path / "spaces.txt"
    path.write_text(spaces, encoding="utf-8")
    result = CliRunner().invoke(cli, [command, str(path), str(seed_paths[1]), "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 2
    assert result.stderr == f"newsread: {path} holds only spaces, no text.\n"


def test_a_batch_row_with_an_article_of_only_spaces_fails_with_that_sentence(tmp_path):
    """A batch reads each article with load_article and records its sentence as the row's failure."""
    from annotations.sources.articles import load_article

    path = tmp_path / "spaces.txt"
    path.write_bytes("\u3000\u2028\u00a0".encode())
    with pytest.raises(InputError, match="holds only spaces, no text"):
        load_article(str(path))


def test_claims_of_a_text_with_no_candidate_pair_are_none(nlp, seeds):
    """Text the reading did not refuse, but with no sentence to pair, leaves the matcher with no pair."""
    from annotations.analysis import pipeline
    from annotations.analysis.comparison import compare
    from annotations.sources.articles import structure
    from annotations.sources.reading import LoadedText

    blank = structure(LoadedText(source="blank", text="\u00a0\u2003\n", encoding="utf-8", format="text"))
    found = compare(blank, seeds[1], nlp, pipeline.describe(pipeline.choose_model()))
    assert found.claims == ()
