"""Loading articles as they come: any common encoding, mojibake, Markdown,
saved HTML pages and standard input, on real ECB+ article text."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from support import newsread

from annotations.errors import InputError
from annotations.sources.articles import HEADLINE, load_article, structure
from annotations.sources.markdown import render_article
from annotations.sources.reading import STDIN, read_file, read_stdin

DATA = Path(__file__).resolve().parent.parent / "data"
ECB = DATA / "ecbplus"
# Curly quotes and apostrophes: the characters encodings disagree on.
CURLY = (ECB / "10_6ecbplus.txt").read_text(encoding="utf-8")
PLAIN = (ECB / "10_2ecbplus.txt").read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# -- encodings ---------------------------------------------------------------

@pytest.mark.parametrize("codec, data, encoding, said", [
    ("utf-8", CURLY.encode("utf-8"), "utf-8", None),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + CURLY.encode("utf-8"), "utf-8-sig", None),
    ("utf-16 with BOM", CURLY.encode("utf-16"), "utf-16", "UTF-16"),
    ("utf-16-be with BOM", b"\xfe\xff" + CURLY.encode("utf-16-be"), "utf-16", "UTF-16"),
    ("utf-16-le, no BOM", CURLY.encode("utf-16-le"), "utf-16-le", "UTF-16 (little-endian)"),
    ("utf-16-be, no BOM", CURLY.encode("utf-16-be"), "utf-16-be", "UTF-16 (big-endian)"),
    ("utf-32", CURLY.encode("utf-32"), "utf-32", "UTF-32"),
    ("windows-1252", CURLY.encode("cp1252"), "cp1252", "Windows-1252"),
])
def test_encodings_are_detected(tmp_path, codec, data, encoding, said):
    name = write(tmp_path, "article.txt", data)
    article = load_article(name)
    assert article.text == CURLY
    assert article.encoding == encoding
    expected = () if said is None else (f"{name} is not UTF-8; it was read as {said}.",)
    assert article.warnings == expected


def test_latin1_text_is_read_exactly(tmp_path):
    text = "Café owner in São Paulo: «Ça va», said Zoë Müller.\n\nThe strike ended at 5 o’clock.\n"
    text = text.replace("’", "'")  # Latin-1 has no curly apostrophe
    name = write(tmp_path, "latin1.txt", text.encode("latin-1"))
    article = load_article(name)
    assert article.text == text
    assert article.encoding == "cp1252"  # a superset of Latin-1's printable characters


@pytest.mark.parametrize("text, codec", [
    ("Бостон предложил Тейшейре восьмилетний контракт на 200 миллионов долларов, сообщает радио.\n",
     "cp1251"),
    ("Η Βοστώνη πρόσφερε στον Τεϊσέιρα συμβόλαιο οκτώ ετών αξίας 200 εκατομμυρίων δολαρίων.\n",
     "cp1253"),
])
def test_other_single_byte_code_pages_are_not_forced_to_windows_1252(tmp_path, text, codec):
    article = load_article(write(tmp_path, "foreign.txt", text.encode(codec)))
    assert (article.text, article.encoding) == (text, codec)


def test_crlf_is_normalised_in_any_encoding(tmp_path):
    name = write(tmp_path, "crlf.txt", CURLY.replace("\n", "\r\n").encode("utf-16"))
    assert load_article(name).text == CURLY


def test_undecodable_bytes_are_refused_with_one_sentence(tmp_path):
    name = write(tmp_path, "garbled.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFE, 0xFF, 0xC0]) * 200)
    with pytest.raises(InputError) as caught:
        load_article(name)
    assert str(caught.value) == (
        f"{name} is not text in any encoding newsread recognises "
        "(it is neither UTF-8, UTF-16 nor a known single-byte encoding)."
    )


# -- mojibake ----------------------------------------------------------------

def test_mojibake_is_repaired_and_said(tmp_path):
    # UTF-8 bytes once read as Windows-1252 and saved again: "can’t" became "canâ€™t".
    garbled = CURLY.replace("”", "\"").encode("utf-8").decode("cp1252")
    assert "canâ€™t" in garbled
    name = write(tmp_path, "garbled.txt", garbled.encode("utf-8"))
    article = load_article(name)
    assert article.text == CURLY.replace("”", "\"")
    assert article.warnings == (
        f"{name} had characters garbled by a wrong encoding (such as “â€™”); newsread repaired them.",
    )


def test_the_warning_quotes_the_garbling_found(tmp_path):
    name = write(tmp_path, "cafe.txt", "Le café de São Paulo.\n".encode().decode("cp1252").encode("utf-8"))
    article = load_article(name)
    assert article.text == "Le café de São Paulo.\n"
    assert article.warnings == (
        f"{name} had characters garbled by a wrong encoding (such as “Ã©”); newsread repaired them.",
    )


@pytest.mark.parametrize("text", [
    "Crème brûlée in São Paulo: Ça coûte 5 €.\n",
    "Łódź and Kraków, Ærø and Ørsted, ﬁne ligatures and ＦＵＬＬ width stay.\n",
    "A tilde Ã alone, or “Â” quoted, is not mojibake.\n",
    "SÃO PAULO — IRMÃ DULCE, said the wire in capitals.\n",
])
def test_text_that_is_not_mojibake_is_left_alone(tmp_path, text):
    name = write(tmp_path, "fine.txt", text.encode("utf-8"))
    article = load_article(name)
    assert article.text == text
    assert article.warnings == ()


# -- Markdown ----------------------------------------------------------------

@pytest.mark.parametrize("source, shown", [
    ("# Red Sox *bid* for Teixeira\n\nBody **text** here.", "Red Sox bid for Teixeira\n\nBody text here."),
    ("Title\n=====\n\nSub\n---\n\nText", "Title\n\nSub\n\nText"),
    ("See [the report](http://example.com/a \"t\") and ![a photo](p.jpg).", "See the report and a photo."),
    ("A paragraph\nwrapped over\nthree lines.", "A paragraph wrapped over three lines."),
    ("- one\n- _two_\n  1. nested\n", "• one\n\n• two\n\n  1. nested"),
    ("3. three\n4. four", "3. three\n\n4. four"),
    ("> a quote\n\n---\n\n`code` and ~~gone~~", "a quote\n\ncode and gone"),
    ("```\nx = [1]  # *not* emphasis\n```", "x = [1]  # *not* emphasis"),
    ("Tom &amp; Jerry said \\*hi\\*", "Tom & Jerry said *hi*"),
    ("<div class=\"ad\">Advert</div>\n\nText <b>bold</b>", "Advert\n\nText bold"),
    ("| Team | Offer |\n|---|---|\n| Boston | $184m |", "Team  Offer\n\nBoston  $184m"),
])
def test_markdown_renders_as_plain_text(source, shown):
    assert render_article(source)[0] == shown


def test_markdown_file_is_read_as_rendered_text(tmp_path):
    blocks = [b.strip() for b in CURLY.split("\n\n") if b.strip()]
    source = f"# {blocks[0]}\n\n" + "\n\n".join(f"*{b}*" if len(b) < 20 else b for b in blocks[1:])
    name = write(tmp_path, "story.md", source.encode("utf-8"))
    article = load_article(name)
    assert article.format == "markdown"
    assert article.text == "\n\n".join(blocks)
    assert article.title == "Teixeira not headed to Boston"
    assert article.paragraphs[0].kind == HEADLINE
    assert "#" not in article.text and "*" not in article.text


def test_markdown_heading_is_the_headline_even_as_a_sentence(tmp_path):
    # A first line that ends with a full stop reads as body text, unless Markdown marks it a heading.
    body = "Red Sox owner John Henry has said, in so many words, that his team will not sign Mark Teixeira."
    plain = load_article(write(tmp_path, "plain.md", f"The Red Sox are out of the running.\n\n{body}".encode()))
    heading = load_article(write(tmp_path, "heading.md", f"## The Red Sox are out of the running.\n\n{body}".encode()))
    assert plain.text == heading.text
    assert (plain.title, plain.paragraphs[0].kind) == ("", "body")
    assert (heading.title, heading.paragraphs[0].kind) == ("The Red Sox are out of the running.", HEADLINE)


@pytest.mark.parametrize("top", ["# Bridge to close for a year\n\n", ""])
def test_a_markdown_byline_is_the_articles_byline_not_a_claim(tmp_path, top):
    byline = "By Sam Reed · 8 February 2024"
    body = "The council voted on Tuesday to close the bridge for repairs. Work starts in March."
    article = load_article(write(tmp_path, "bridge.md", f"{top}*{byline}*\n\n{body}\n".encode()))
    assert article.byline == byline
    kinds = {article.paragraph_text(p): p.kind for p in article.paragraphs}
    assert kinds[byline] == "meta" and kinds[body] == "body"
    # An emphasised sentence that merely starts with "By" is text.
    told = load_article(write(tmp_path, "told.md", f"*By the river, the bridge fell.*\n\n{body}\n".encode()))
    assert told.byline == ""


def test_markdown_nested_past_the_parser_limit_is_shown_as_plain_text(tmp_path):
    # The parser drops whatever follows its nesting limit; the article's words must not go with it.
    source = "".join("  " * i + "- x\n" for i in range(40)) + "\n" + PLAIN
    name = write(tmp_path, "deep.md", source.encode("utf-8"))
    article = load_article(name)
    assert (article.text, article.format) == (source, "text")
    assert article.warnings == (f"{name} is nested too deeply to read as Markdown; it is shown as plain text.",)


def test_markup_only_markdown_is_refused(tmp_path):
    name = write(tmp_path, "empty.md", b"---\n\n***\n")
    with pytest.raises(InputError) as caught:
        load_article(name)
    assert str(caught.value) == f"{name} holds only Markdown markup, no text."


# -- saved HTML --------------------------------------------------------------

def test_saved_html_page_is_extracted(tmp_path):
    blocks = [b.strip() for b in (ECB / "10_13ecbplus.txt").read_text(encoding="utf-8").split("\n\n")]
    article = load_article(str(DATA / "pages" / "herald.html"))
    assert article.text == "\n\n".join([blocks[0], *blocks[2:]])
    assert (article.byline, article.date, article.format) == ("Alex Morgan", "2008-12-15", "html")


def test_html_in_a_txt_file_is_recognised(tmp_path):
    name = write(tmp_path, "saved.txt", (DATA / "pages" / "herald.html").read_bytes())
    assert load_article(name).format == "html"


def test_page_without_article_is_refused(tmp_path):
    name = str(DATA / "pages" / "no-article.html")
    with pytest.raises(InputError) as caught:
        load_article(name)
    assert str(caught.value) == f"{name} has no article text that newsread can find."


# -- standard input ----------------------------------------------------------

def test_read_stdin_stream():
    loaded = read_stdin(stream=io.BytesIO(CURLY.encode("utf-16")))
    assert (loaded.text, loaded.source, loaded.encoding) == (CURLY, STDIN, "utf-16")
    assert loaded.warnings == ("standard input is not UTF-8; it was read as UTF-16.",)
    assert structure(loaded).title == "Teixeira not headed to Boston"


@pytest.mark.parametrize("data, message", [
    (b"", "standard input is empty."),
    (b"\x00\x01\x02\x03" * 100, "standard input is a binary file, not an article."),
    (b"word " * 300_000, "standard input is over the 1 MB limit (raise it with --max-size)."),
])
def test_bad_stdin_is_one_sentence(data, message):
    with pytest.raises(InputError) as caught:
        read_stdin(max_bytes=1 << 20, stream=io.BytesIO(data))
    assert str(caught.value) == message


def test_compare_reads_dash_from_stdin(tmp_path):
    import json

    other = write(tmp_path, "plain.txt", PLAIN.encode("utf-8"))
    result = newsread("compare", "-", other, "--format", "json", stdin=CURLY.encode("cp1252"))
    assert result.returncode == 0, result.stderr.decode()
    doc = json.loads(result.stdout)["documents"][0]
    assert (doc["source"], doc["text"], doc["encoding"]) == (STDIN, CURLY, "cp1252")
    assert "newsread: standard input is not UTF-8; it was read as Windows-1252.\n" in result.stderr.decode()


def test_two_dashes_are_refused(tmp_path):
    result = newsread("compare", "-", "-", stdin=CURLY.encode("utf-8"))
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode() == (
        "newsread: only one of the two articles can be read from standard input ('-').\n"
    )


def test_max_size_applies_to_stdin(tmp_path):
    other = write(tmp_path, "plain.txt", PLAIN.encode("utf-8"))
    result = newsread("compare", "-", other, "--max-size", "1", stdin=b"word " * 300_000)
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode() == (
        "newsread: standard input is over the 1 MB limit (raise it with --max-size).\n"
    )


# -- size limits -------------------------------------------------------------

def test_huge_file_is_refused_naming_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 21 MB on paper, nothing on disk
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(InputError) as caught:
        load_article(str(path))
    assert str(caught.value) == f"{path} is 21.0 MB, over the 20 MB limit (raise it with --max-size)."


def test_max_size_raises_the_limit(tmp_path):
    text = (PLAIN.rstrip("\n") + "\n\n") * 9000  # about 21 MB
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size > 20 * 1024 * 1024
    with pytest.raises(InputError):
        read_file(path)
    assert read_file(path, max_bytes=30 * 1024 * 1024).text == text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pseudo-terminal")
def test_reader_with_piped_article_takes_keys_from_the_terminal(tmp_path):
    """`newsread - B < A` in a terminal: the article comes from the pipe, `q` from the keyboard."""
    import os
    import pty
    import re
    import select
    import signal
    import time

    article, other = ECB / "10_6ecbplus.txt", ECB / "10_2ecbplus.txt"
    pid, fd = pty.fork()
    if pid == 0:  # the child: a shell-like redirection of standard input from the file
        with open(article, "rb") as piped:
            os.dup2(piped.fileno(), 0)
        os.execv(sys.executable, [sys.executable, "-m", "tui", "read", "-", str(other)])
    screen, status, sent, deadline = b"", None, False, time.monotonic() + 120
    try:
        while status is None and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.5)[0]:
                try:
                    screen += os.read(fd, 65536)
                except OSError:  # the terminal closed: the reader has ended
                    pass
            done, code = os.waitpid(pid, os.WNOHANG)
            if done:
                status = code
            elif not sent and b"Henry" in re.sub(rb"\x1b\[[0-9;?<>=]*[A-Za-z]", b"", screen):
                os.write(fd, b"q")
                sent = True
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    assert b"\x1b[?1049h" in screen, "the reader's full screen never opened"
    assert sent, "the article never appeared on the screen"
    assert status == 0, "the reader did not quit on q typed at the terminal"
