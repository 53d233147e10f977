"""Fetching an article's web page over HTTP(S).

One request per page, with a timeout, a size cap and a User-Agent that says
who is asking. Redirects are followed (urllib allows ten). The whole
exchange (connecting, the headers, every byte of the body, redirects
included) must end within `PAGE_TIME_FACTOR` timeouts, however slowly a
server drips it; a body shorter than the length the server announced is a
failure, never a page. Anything that is not a page of text, and every
network failure, becomes an `InputError` with one sentence naming the URL.
"""

from __future__ import annotations

import http.client
import io
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass
from email.message import Message
from importlib.metadata import PackageNotFoundError, version
from typing import IO, Any

from annotations.errors import InputError

#: Seconds to wait for the server to answer, and then between chunks of data.
DEFAULT_TIMEOUT = 20.0
#: The whole page must arrive within this many timeouts.
PAGE_TIME_FACTOR = 3
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})
_CHUNK = 64 * 1024


class Unreachable(InputError):
    """The page could not be had right now: no network, no answer, or an HTTP error.

    Unlike a page that is too large or not HTML, a saved copy may stand in for it.
    """


class _TooSlow(TimeoutError):
    """The exchange went on past its deadline."""


class _DeadlineSocket:
    """A connected socket whose every read waits no longer than the time left before a deadline.

    A socket timeout bounds each read alone: a server sending one byte just
    inside it would hold a fetch for ever. Reads through this wrapper share
    one deadline; everything else is the socket's own.
    """

    def __init__(self, sock: socket.socket, deadline: float, timeout: float) -> None:
        self._sock = sock
        self._deadline = deadline
        self._timeout = timeout

    def _wait(self) -> None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise _TooSlow()
        self._sock.settimeout(min(self._timeout, left))

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        self._wait()
        try:
            return self._sock.recv_into(buffer, nbytes, flags)
        except TimeoutError:
            if time.monotonic() >= self._deadline:
                raise _TooSlow() from None
            raise

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        self._wait()
        return self._sock.recv(bufsize, flags)

    def makefile(self, mode: str = "rb", buffering: int | None = None, **kwargs: Any) -> IO[bytes]:
        # As socket.makefile does: the socket stays open while the file is
        # (urllib closes the socket as soon as it has the response).
        self._sock._io_refs += 1  # type: ignore[attr-defined]  # socket.makefile's own counter
        return io.BufferedReader(socket.SocketIO(self, "rb"))  # type: ignore[arg-type]  # duck-typed socket

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _deadline_connection(base: type[http.client.HTTPConnection], deadline: float, timeout: float) -> Any:
    """A connection class of `base` whose socket keeps to `deadline`."""

    class Connection(base):  # type: ignore[valid-type,misc]  # a class made at run time
        def connect(self) -> None:
            if time.monotonic() >= deadline:
                raise _TooSlow()
            super().connect()
            connected: socket.socket = self.sock
            # http.client reads the response through self.sock.makefile().
            setattr(self, "sock", _DeadlineSocket(connected, deadline, timeout))  # noqa: B010

    return Connection


class _DeadlineHTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: float, timeout: float) -> None:
        super().__init__()
        self._connection = _deadline_connection(http.client.HTTPConnection, deadline, timeout)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _DeadlineHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: float, timeout: float) -> None:
        super().__init__()
        self._connection = _deadline_connection(http.client.HTTPSConnection, deadline, timeout)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req, context=self._context)  # type: ignore[attr-defined]


def user_agent() -> str:
    """The User-Agent sent with every request: names the app and why it asks."""
    try:
        v = version("newsread")
    except PackageNotFoundError:  # running from a source tree that is not installed
        v = "0"
    return f"newsread/{v} (+reads a news article to compare it with another)"


@dataclass(frozen=True)
class Fetched:
    """A page as the server sent it."""

    url: str
    """The URL as the user gave it."""
    final_url: str
    """Where redirects led."""
    kind: str
    """"html", "text" or "markdown", from the Content-Type."""
    charset: str | None
    """The charset the Content-Type declared, if any."""
    data: bytes


def _kind(content_type: str, url: str) -> str:
    if content_type in _HTML_TYPES or not content_type:
        return "html"
    if content_type in _TEXT_TYPES:
        return "text"
    if content_type in _MARKDOWN_TYPES:
        return "markdown"
    raise InputError(f"{url} is not a web page (the server sent {content_type}).")


def _read_capped(
    response: http.client.HTTPResponse, url: str, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    """The body, refused as soon as it passes `max_bytes` (compressed or not)
    or takes past `deadline` (a server can drip bytes just inside the timeout)."""
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise InputError(f"{url} sent the page compressed as {encoding}, which newsread cannot read.")
    inflate = None if encoding == "identity" else zlib.decompressobj(
        zlib.MAX_WBITS | 32 if encoding != "deflate" else zlib.MAX_WBITS
    )
    parts: list[bytes] = []
    size = 0
    announced = response.length  # the Content-Length, None when the server gave none
    while True:
        chunk = response.read(_CHUNK)
        if not chunk:
            if response.length:  # the server hung up before sending what it announced
                raise Unreachable(
                    f"{url} could not be fetched (the server closed the connection after "
                    f"{(announced or 0) - response.length:,} of the {announced:,} bytes it announced)."
                )
            if inflate is not None and not inflate.eof:
                raise Unreachable(f"{url} could not be fetched (the compressed page ended before its end).")
            break
        if inflate is not None:
            # A small compressed body can inflate enormously: cap the output.
            out = inflate.decompress(chunk, max_bytes + 1 - size)
            # gzip allows several members one after another (`cat a.gz b.gz`):
            # each is read, not only the first.
            while inflate.eof and inflate.unused_data and encoding != "deflate" and size + len(out) <= max_bytes:
                rest = inflate.unused_data
                inflate = zlib.decompressobj(zlib.MAX_WBITS | 32)
                out += inflate.decompress(rest, max_bytes + 1 - size - len(out))
            chunk = out
        size += len(chunk)
        if time.monotonic() > deadline:
            raise _TooSlow()
        if size > max_bytes:
            raise InputError(
                f"{url} is over the {max_bytes / 1048576:g} MB limit (raise it with --max-size)."
            )
        parts.append(chunk)
    return b"".join(parts)


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https URLs only (never ftp or a local file)."""

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
        headers: http.client.HTTPMessage, newurl: str,
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise InputError(f"{req.full_url} redirects to {newurl}, which is not a web page.")
        return super().redirect_request(req, fp, code, msg, headers, newurl)




def fetch(url: str, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """Download the page at `url`.

    Args:
        url: an http or https URL.
        max_bytes: refuse pages larger than this.
        timeout: seconds to wait for the server.

    Raises:
        InputError: one sentence naming the URL when the page cannot be
            fetched, is too large, or is not HTML or plain text.
    """
    if re.search(r"[\x00-\x20\x7f-\x9f]", url):
        raise InputError(f"{url} is not a valid web address (it holds spaces or control characters).")
    request = urllib.request.Request(url, headers={
        "User-Agent": user_agent(),
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        "Accept-Encoding": "gzip",
    })
    deadline = time.monotonic() + PAGE_TIME_FACTOR * timeout
    opener = urllib.request.build_opener(
        _WebOnlyRedirects, _DeadlineHTTP(deadline, timeout), _DeadlineHTTPS(deadline, timeout))
    too_slow = Unreachable(
        f"{url} could not be fetched (the page took over {PAGE_TIME_FACTOR * timeout:g} seconds to arrive).")
    try:
        with opener.open(request, timeout=timeout) as response:
            header = Message()
            header["Content-Type"] = response.headers.get("Content-Type", "")
            content_type = header.get_content_type() if header["Content-Type"] else ""
            kind = _kind(content_type, url)
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise InputError(
                    f"{url} is {int(length) / 1048576:.1f} MB, over the {max_bytes / 1048576:g} MB limit "
                    "(raise it with --max-size)."
                )
            data = _read_capped(response, url, max_bytes, deadline, timeout)
            return Fetched(url, response.geturl(), kind, header.get_content_charset(), data)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:  # urllib did not follow it: a loop, no Location, too many
            target = (error.headers.get("Location") or error.headers.get("URI") or "") if error.headers else ""
            if "infinite loop" in str(error.reason) or "redirect error" in str(error.reason):
                raise Unreachable(f"{url} could not be fetched: its redirects go round in a loop "
                                  "(or past ten).") from None
            if target and urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https", ""):
                raise InputError(f"{url} redirects to {target}, which is not a web page.") from None
            if not target:
                raise Unreachable(f"{url} could not be fetched: the server answered {error.code} "
                                  "(a redirect) without saying where to.") from None
            raise Unreachable(f"{url} could not be fetched: the server answered {error.code} "
                              f"(a redirect to {target}) and newsread could not follow it.") from None
        reason = f" {error.reason}" if error.reason else ""
        raise Unreachable(f"{url} could not be fetched: the server answered {error.code}{reason}.") from None
    except _TooSlow:
        raise too_slow from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, _TooSlow):
            raise too_slow from None
        raise Unreachable(f"{url} could not be fetched ({_reason(error.reason, timeout)}).") from None
    except TimeoutError:
        raise Unreachable(f"{url} could not be fetched (no answer within {timeout:g} seconds).") from None
    except (OSError, ValueError, zlib.error, http.client.HTTPException) as error:
        raise Unreachable(f"{url} could not be fetched ({_reason(error, timeout)}).") from None


def _reason(reason: object, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} seconds"
    if isinstance(reason, socket.gaierror):
        return "the host name is unknown or there is no network"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(reason, ssl.SSLError):
        return f"secure connection failed: {reason.reason or reason}"
    text = getattr(reason, "strerror", None) or str(reason)
    return text or type(reason).__name__
