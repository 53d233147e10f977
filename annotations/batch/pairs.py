"""The pairs file of `newsread batch`: one pair of articles per row.

CSV, TSV or JSON lines, with the columns (or keys) `a` and `b` (file paths
or URLs) and optionally `id` and `label`. A relative path is read from the
pairs file's folder, so a pairs file travels with its articles. A row that
cannot be a pair (no `b`, a repeated id) is kept with the sentence saying
why, to be recorded as a failed pair: one bad row never stops a batch.
Articles outside the pairs file's folder are read only when asked.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotations.errors import InputError
from annotations.sources.reading import is_url

COLUMNS = ("id", "a", "b", "label")
REQUIRED = ("a", "b")
_WHICH = {"a": "a (the first article)", "b": "b (the second article)"}
#: Larger pairs files are refused: a million rows is far past what a batch is for.
MAX_BYTES = 200 * 1024 * 1024
#: The longest id a row may give.
MAX_ID = 200


@dataclass(frozen=True)
class PairRow:
    """One row of the pairs file."""

    id: str
    """The row's `id`, else one made from `a` and `b` (the same pair keeps it across runs)."""
    row: int
    """Its line in the file (the header is line 1), as a spreadsheet numbers rows."""
    a: str
    """The first article as written in the file."""
    b: str
    label: str = ""
    problem: str = ""
    """Why the row cannot be analysed, in one sentence; empty when it can."""
    folder: str = ""
    """The pairs file's folder, which relative paths are read from."""

    def source(self, which: str) -> str:
        """What to load for article `which` ('a' or 'b'): a URL, or a path from the pairs file's folder."""
        spec = self.a if which == "a" else self.b
        if is_url(spec) or not self.folder:
            return spec
        return str(Path(self.folder, spec).expanduser())


def pair_id(a: str, b: str) -> str:
    """The id of a row that gives none: the same two articles, the same id."""
    return hashlib.sha256(f"{a}\x00{b}".encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _format_of(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".tsv", ".tab"):
        return "tsv"
    if suffix == ".csv":
        return "csv"
    first = text.lstrip()[:1]
    if first == "{":
        return "jsonl"
    header = text.split("\n", 1)[0]
    return "tsv" if "\t" in header else "csv"


def _records_csv(text: str, delimiter: str, name: str) -> Iterator[tuple[int, dict[str, str] | str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue
        if header is None:
            header = [f.strip().lower() for f in fields]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise InputError(
                    f"{name} has no column named {missing[0]}: its first line must name the columns "
                    "a and b (and, if you like, id and label)."
                )
            continue
        yield reader.line_num, {
            column: fields[i].strip() for i, column in enumerate(header) if i < len(fields) and column in COLUMNS
        }


def _records_jsonl(text: str) -> Iterator[tuple[int, dict[str, str] | str]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            yield number, f"row {number} is not JSON."
            continue
        if not isinstance(value, dict):
            yield number, f"row {number} is not a JSON object with the keys a and b."
            continue
        yield number, {
            key: str(value[key]).strip() for key in COLUMNS
            if key in value and isinstance(value[key], (str, int, float)) and not isinstance(value[key], bool)
        }


def read_pairs(path: Path, allow_outside: bool = False) -> list[PairRow]:
    """Every row of the pairs file at `path`, bad ones with their problem.

    Every row gets an id of its own: an id the file gives is kept, and the
    ids made for the other rows never take one the file gives. An article
    path that leads outside the pairs file's folder (an absolute path, `..`,
    a symbolic link) is the row's problem unless `allow_outside`: a pairs file
    from someone else must not make newsread read, and copy into the
    database and `--out`, files it does not name beside itself.

    Raises:
        InputError: when the file cannot be read at all (missing, not text,
            no column `a` or `b`, no row).
    """
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB: split it into several batches.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name} does not exist.") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a directory, not a pairs file.") from None
    except OSError as error:
        raise InputError(f"{name} cannot be read ({error.strerror or error}).") from None
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text, so not a pairs file (CSV, TSV or JSON lines).") from None
    kind = _format_of(path, text)
    records = list(
        _records_jsonl(text) if kind == "jsonl" else _records_csv(text, "\t" if kind == "tsv" else ",", name))
    if not records:
        raise InputError(f"{name} holds no pair: give one pair per row, with the columns a and b.")
    folder = path.resolve().parent
    given_ids = {r["id"] for _, r in records if isinstance(r, dict) and r.get("id")}
    inside = _Inside(folder, allow_outside)
    rows: list[PairRow] = []
    taken: dict[str, int] = {}  # each id, with the row that has it
    pairs_seen: dict[tuple[str, str], int] = {}

    def own_id(base: str) -> str:
        """`base`, or `base-2`, `base-3`...: an id no row has and the file gives to none."""
        ident, n = base, 1
        while ident in taken or ident in given_ids:
            n += 1
            ident = f"{base}-{n}"
        return ident

    for number, record in records:
        if isinstance(record, str):
            ident = own_id(f"row-{number}")
            taken[ident] = number
            rows.append(PairRow(ident, number, "", "", problem=record, folder=str(folder)))
            continue
        a, b, label = record.get("a", ""), record.get("b", ""), record.get("label", "")
        given = record.get("id", "")
        problem = ""
        missing = [c for c in REQUIRED if not record.get(c)]
        if missing:
            problem = f"row {number} has no {_WHICH[missing[0]]}."
        elif "-" in (a, b):
            problem = f"row {number} names standard input ('-'), which a batch cannot read."
        elif given and not _usable_id(given):
            problem = f"row {number} has an id newsread cannot use (control characters, or over {MAX_ID} characters)."
        else:
            problem = inside.problem(number, a) or inside.problem(number, b)
        if given and given in taken:
            problem = problem or f"row {number} repeats the id {given} of row {taken[given]}."
        if not given and not problem and (a, b) in pairs_seen:
            problem = f"row {number} repeats the pair of row {pairs_seen[(a, b)]}."
        if given and given not in taken and _usable_id(given):
            ident = given
        else:
            ident = own_id(pair_id(a, b) if not problem else f"row-{number}")
        if not given and not problem:
            pairs_seen.setdefault((a, b), number)
        taken[ident] = number
        rows.append(PairRow(ident, number, a, b, label, problem, str(folder)))
    return rows


def _usable_id(ident: str) -> bool:
    return len(ident) <= MAX_ID and ident.isprintable()


class _Inside:
    """Whether the articles of rows lie in the pairs file's folder (each path resolved once)."""

    def __init__(self, folder: Path, allow_outside: bool) -> None:
        self.folder, self.allow = folder, allow_outside
        self._seen: dict[str, bool] = {}

    def problem(self, number: int, spec: str) -> str:
        if self.allow or is_url(spec):
            return ""
        if spec not in self._seen:
            try:
                where = Path(self.folder, spec).expanduser().resolve()
            except (OSError, RuntimeError):  # a symbolic link loop: not known to be inside
                where = Path("/")
            self._seen[spec] = where == self.folder or where.is_relative_to(self.folder)
        if self._seen[spec]:
            return ""
        return (f"row {number} names {spec}, which is outside the pairs file's folder; "
                "give --allow-outside to read articles from anywhere.")
