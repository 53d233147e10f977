"""`newsread batch`: many pairs on a real local Dask cluster, as a researcher runs it.

The pairs are 23 pairs of real ECB+ articles (`tests/data/ecbplus`), same
topic and different topics, plus bad rows: a row without its second article,
a missing file, a URL a local server (127.0.0.1) answers with an error. Every
batch runs the `newsread` command in its own process on two worker processes
on 127.0.0.1: the command's own local cluster, or one started with
`dask scheduler` / `dask worker` as the README tells a researcher to.
"""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import ROOT, interruptible, newsread

from annotations.batch.pairs import read_pairs
from annotations.errors import InputError
from tui.cli import cli

ECB = ROOT / "tests" / "data" / "ecbplus"
TOPICS = {
    "10": ["10_13ecbplus", "10_6ecbplus", "10_2ecbplus"],
    "1": ["1_14ecb", "1_1ecbplus", "1_3ecbplus"],
    "19": ["19_10ecb", "19_11ecb", "19_1ecb", "19_7ecb"],
    "3": ["3_3ecb", "3_6ecbplus", "3_8ecbplus"],
    "2": ["2_6ecbplus", "2_7ecbplus", "2_10ecbplus", "2_4ecbplus"],
}
#: Same-topic pairs (21) and different-topic pairs (2): 23 real pairs.
GOOD = [(f"{x}~{y}", x, y, f"topic {t}") for t, names in TOPICS.items() for x, y in itertools.combinations(names, 2)]
GOOD += [("10_2~19_1", "10_2ecbplus", "19_1ecb", "contrast"), ("2_4~3_3", "2_4ecbplus", "3_3ecb", "contrast")]
#: The pairs of the runs that are interrupted or lose a worker: enough that
#: most are still to do when that happens, and fewer than all, as each costs
#: both cores a third of a second.
SOME = GOOD[:12]
TIMEOUT = 600

# One worker of the test run takes the whole module: the `batch` fixture then runs once.
pytestmark = pytest.mark.xdist_group("batch")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        if self.path == "/10_2.txt":
            body = (ECB / "10_2ecbplus.txt").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
        else:
            body = b"gone"
            self.send_response(410 if self.path == "/gone" else 500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """A local web server: one article, and two URLs that fail."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def write_pairs(folder: Path, site: str | None = None, good: list[tuple[str, str, str, str]] = GOOD) -> Path:
    """The pairs file: the `good` ECB+ pairs (paths relative to the file), then, given a site, bad rows."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in {n for _, x, y, _ in good for n in (x, y)}:
        (folder / "texts").mkdir(exist_ok=True)
        (folder / "texts" / f"{name}.txt").write_bytes((ECB / f"{name}.txt").read_bytes())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "a", "b", "label"])
    for ident, x, y, label in good:
        writer.writerow([ident, f"texts/{x}.txt", f"texts/{y}.txt", label])
    if site:
        writer.writerow(["no-b", "texts/10_2ecbplus.txt", "", "bad"])
        writer.writerow(["no-file", "texts/10_2ecbplus.txt", "texts/missing.txt", "bad"])
        writer.writerow(["dead-url", f"{site}/gone", "texts/10_2ecbplus.txt", "bad"])
        writer.writerow(["web", f"{site}/10_2.txt", "texts/10_6ecbplus.txt", "web"])
    path = folder / "pairs.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def claims_by_pair(db: Path) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {ident: [] for ident, *_ in GOOD}
    for pair_id, a, b, score, text_a in rows(
            db, "SELECT pair_id, sentence_a, sentence_b, score, text_a FROM claims ORDER BY pair_id, number"):
        found.setdefault(pair_id, []).append((a, b, score, text_a))
    return found


@pytest.fixture(scope="module")
def batch(tmp_path_factory, site) -> dict[str, Path]:
    """One batch of the 23 pairs and the bad rows on the command's own cluster of two worker processes."""
    folder = tmp_path_factory.mktemp("batch")
    pairs = write_pairs(folder / "study", site)
    db, out = folder / "newsread.db", folder / "claims.jsonl"
    run = newsread("batch", str(pairs), "--workers", "2", "--db", str(db), "--out", str(out),
                   text=True, timeout=TIMEOUT, process=True)
    assert run.returncode == 0, run.stderr
    log = folder / "stderr.txt"
    log.write_text(run.stderr, encoding="utf-8")
    return {"pairs": pairs, "db": db, "out": out, "log": log}


def test_batch_gives_the_same_analysis_as_compare_pair_by_pair(batch, tmp_path):
    """Each pair's newsread.compare/1 object is what `newsread compare` prints for it."""
    lines = [json.loads(line) for line in batch["out"].read_text(encoding="utf-8").splitlines()]
    by_id = {line["pair"]["id"]: line for line in lines}
    assert len(lines) == len(by_id) == len(GOOD) + 1  # the web pair too; failed pairs have no object
    runner = CliRunner()
    texts = batch["pairs"].parent / "texts"
    # Every third same-topic pair and both contrasts: a third of a second of
    # both cores each, and the same code path for every pair.
    for ident, x, y, _ in GOOD[:-2:3] + GOOD[-2:]:
        result = runner.invoke(cli, ["compare", str(texts / f"{x}.txt"), str(texts / f"{y}.txt"),
                                     "--format", "json", "--db", str(tmp_path / "compare.db")])
        assert result.exit_code == 0, result.output
        expected = json.loads(result.stdout)
        got = dict(by_id[ident])
        assert got.pop("pair") == {"id": ident, "row": GOOD.index((ident, x, y, _)) + 2, "label": _}
        assert got == expected, ident
    # The tables hold the same claims, with both sentences' text.
    stored = claims_by_pair(batch["db"])
    for ident, *_ in GOOD:
        claims = by_id[ident]["claims"]
        assert [(c[0], c[1]) for c in stored[ident]] == [(c["a"] + 1, c["b"] + 1) for c in claims], ident
    assert sum(len(c) for c in stored.values()) > 40
    # Same-event pairs find claims; most different-topic pairs find none.
    assert sum(1 for ident, *_, label in GOOD if label == "contrast" and stored[ident]) <= 1


def test_bad_rows_are_recorded_and_do_not_stop_the_batch(batch, site):
    status = dict(rows(batch["db"], "SELECT id, status FROM pairs ORDER BY row"))
    assert len(status) == len(GOOD) + 4
    assert [i for i, s in status.items() if s != "done"] == ["no-b", "no-file", "dead-url"]
    errors = dict(rows(batch["db"], "SELECT id, error FROM pairs WHERE status = 'failed'"))
    assert errors["no-b"] == f"row {len(GOOD) + 2} has no b (the second article)."
    assert errors["no-file"].endswith("missing.txt does not exist.")
    assert errors["dead-url"] == f"{site}/gone could not be fetched: the server answered 410 Gone."
    for error in errors.values():
        assert "\n" not in error and "Traceback" not in error
    # The article read from the web was kept, as `compare` keeps it, for reading offline later.
    assert rows(batch["db"], "SELECT url FROM pages") == [(f"{site}/10_2.txt",)]
    stderr = batch["log"].read_text(encoding="utf-8")
    assert "Traceback" not in stderr
    assert f"newsread: {len(GOOD) + 1} pairs analysed, 3 failed" in stderr
    assert "pairs/min" in stderr


def test_tables_open_in_datasette_and_answer_a_query(batch):
    from datasette.app import Datasette

    async def ask() -> tuple[list[dict], list[dict]]:
        ds = Datasette([str(batch["db"])])
        await ds.invoke_startup()
        response = await ds.client.get(
            "/newsread.json?_shape=array&sql=" + "select pairs.label, count(*) as claims from claims "
            "join pairs on pairs.id = claims.pair_id group by pairs.label order by pairs.label")
        assert response.status_code == 200, response.text
        db = ds.get_database("newsread")
        return response.json(), await db.foreign_keys_for_table("conflicts")

    answer, keys = asyncio.run(ask())
    counts = {row["label"]: row["claims"] for row in answer}
    assert counts["topic 2"] > counts.get("contrast", 0)
    assert {(k["column"], k["other_table"]) for k in keys} == {("pair_id", "pairs"), ("claim_id", "claims")}
    # JSON columns hold JSON.
    for (reasons,) in rows(batch["db"], "SELECT reasons FROM claims"):
        assert isinstance(json.loads(reasons), list)


def test_export_writes_the_pairs_table_as_csv(batch):
    run = newsread("export", "--format", "csv", "--batch", "--db", str(batch["db"]), text=True)
    assert run.returncode == 0, run.stderr
    table = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [row["id"] for row in table] == [ident for ident, *_ in GOOD] + ["no-b", "no-file", "dead-url", "web"]
    first = table[0]
    assert first["status"] == "done" and int(first["claims"]) >= 0 and first["error"] == ""
    assert {"claims_same", "only_in_a", "only_in_b", "conflicts", "entities_shared"} <= set(first)
    wrong = newsread("export", "--batch", "--db", str(batch["db"]), text=True)
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1


def test_a_second_run_skips_what_is_done_without_starting_a_cluster(batch):
    started = time.monotonic()
    run = newsread("batch", str(batch["pairs"]), "--db", str(batch["db"]), "--out", str(batch["out"]), text=True,
                  process=True)
    assert run.returncode == 0, run.stderr
    assert f"{len(GOOD) + 1} already done" in run.stderr
    assert len(batch["out"].read_text(encoding="utf-8").splitlines()) == len(GOOD) + 1
    # Only the three failed rows were tried again: no worker, no spaCy.
    assert time.monotonic() - started < 20
    assert rows(batch["db"], "SELECT count(*) FROM pairs") == [(len(GOOD) + 4,)]


def _done(db: Path) -> int:
    """Pairs written so far, seen as a reader sees them while the batch runs.

    Read only, as a watcher should be: it neither creates the file before
    the batch does nor checkpoints the batch's write-ahead log on closing.
    """
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM pairs WHERE status = 'done'").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet
        return 0


def _wait_for(predicate, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not predicate():
        if process.poll() is not None:
            pytest.fail(f"the batch ended before {what}: {process.stderr.read() if process.stderr else ''}")
        assert time.monotonic() < deadline, f"no {what} in time"
        time.sleep(0.05)


def _midway(db: Path, at_least: int, total: int, process: subprocess.Popen) -> None:
    """Wait until `at_least` pairs are written, and check that pairs are still to do."""
    _wait_for(lambda: _done(db) >= at_least, process, f"{at_least} pairs done")
    # Pairs are written as their results come back, so the run is far from over:
    # at most a few pairs more are written before the caller acts.
    assert _done(db) < total - 5, "the pairs were written in a burst at the end, not as they came back"


def _claims_of(db: Path, good: list[tuple[str, str, str, str]]) -> dict[str, list[tuple]]:
    found = claims_by_pair(db)
    return {ident: found[ident] for ident, *_ in good}


def test_interrupted_batch_resumes_where_it_stopped(tmp_path, batch):
    """ctrl+c (SIGINT to the whole process group, as a terminal sends it), then the same command again.

    One worker process: the pairs come back one by one, so the interruption
    finds most of them still to do (the two-worker cluster is the `batch` fixture's).
    """
    pairs = write_pairs(tmp_path / "study", good=SOME)
    total = len(SOME)
    db = tmp_path / "newsread.db"
    command = [sys.executable, "-m", "tui", "batch", str(pairs), "--workers", "1", "--db", str(db)]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=interruptible)
    _midway(db, 3, total, process)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    first = _done(db)
    assert 3 <= first < total, stderr
    assert "run the same command again to go on" in stderr.splitlines()[-1]
    assert "Traceback" not in stderr

    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    assert again.returncode == 0, again.stderr
    assert f"newsread: {total - first} pairs analysed, {first} already done" in again.stderr
    assert rows(db, "SELECT count(*), count(DISTINCT id) FROM pairs WHERE status = 'done'") == [(total,) * 2]
    assert _claims_of(db, SOME) == _claims_of(batch["db"], SOME)


@pytest.fixture
def dask_cluster(tmp_path) -> Iterator[str]:
    """A cluster a researcher starts by hand: `dask scheduler` and `dask worker` (two processes), on 127.0.0.1."""
    dask = str(Path(sys.executable).parent / "dask")
    info = tmp_path / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(info)], **quiet)
    workers = None
    try:
        deadline = time.monotonic() + 60
        while not info.exists() or not info.read_text():
            assert time.monotonic() < deadline and scheduler.poll() is None, "the scheduler did not start"
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        workers = subprocess.Popen([dask, "worker", address, "--nworkers", "2", "--nthreads", "1",
                                    "--host", "127.0.0.1", "--no-dashboard"], **quiet)
        yield address
    finally:
        for process in (workers, scheduler):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def test_a_killed_worker_loses_and_duplicates_nothing(tmp_path, batch, dask_cluster):
    """A worker process killed mid-run: Dask runs its pair again on a restarted worker; every pair is there once."""
    from distributed import Client

    with Client(dask_cluster, timeout="30s") as client:
        client.wait_for_workers(2, timeout=60)
        pids = set(client.run(os.getpid).values())
        assert len(pids) == 2
        pairs = write_pairs(tmp_path / "study", good=SOME)
        total = len(SOME)
        db = tmp_path / "newsread.db"
        command = [sys.executable, "-m", "tui", "batch", str(pairs), "--scheduler", dask_cluster, "--db", str(db)]
        process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
        _midway(db, 2, total, process)
        victim = next(iter(pids))
        os.kill(victim, signal.SIGKILL)
        _, stderr = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0, stderr
        assert _done(db) == total
        client.wait_for_workers(2, timeout=60)
        now = set(client.run(os.getpid).values())
    assert victim not in now and len(now) == 2  # the nanny started a new worker process
    assert f"newsread: {total} pairs analysed" in stderr
    assert rows(db, "SELECT count(*), count(DISTINCT id) FROM pairs") == [(total,) * 2]
    assert rows(db, "SELECT count(*) FROM claims GROUP BY pair_id HAVING count(*) != count(DISTINCT number)") == []
    assert _claims_of(db, SOME) == _claims_of(batch["db"], SOME)


def test_without_dask_batch_says_how_to_install_it(tmp_path):
    """`distributed` made unimportable, as in an install without the extra."""
    (tmp_path / "distributed.py").write_text("raise ImportError('No module named distributed')\n")
    pairs = write_pairs(tmp_path / "study")
    run = newsread("batch", str(pairs), env={"PYTHONPATH": str(tmp_path)}, text=True, process=True)
    assert run.returncode == 2
    assert run.stderr == "newsread: newsread batch needs Dask, which is not installed: pip install 'newsread[batch]'.\n"


def test_a_pairs_file_that_cannot_be_used_is_one_sentence(tmp_path):
    missing = newsread("batch", str(tmp_path / "nope.csv"), text=True)
    assert missing.returncode == 2 and missing.stderr == f"newsread: {tmp_path / 'nope.csv'} does not exist.\n"
    headless = tmp_path / "pairs.csv"
    headless.write_text("first,second\nx.txt,y.txt\n")
    run = newsread("batch", str(headless), text=True)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "no column named a" in run.stderr


# -- the pairs file, without a cluster ----------------------------------------

def test_pairs_files_in_csv_tsv_and_json_lines(tmp_path):
    (tmp_path / "a.csv").write_text("a,b,label\nx.txt,y.txt,one\nhttp://example.org/p,y.txt,\n")
    (tmp_path / "a.tsv").write_text("id\ta\tb\n7\tx.txt\ty.txt\n")
    (tmp_path / "a.jsonl").write_text('{"a": "x.txt", "b": "y.txt", "id": 3}\n\n[1]\n{"a": "x.txt"}\nnot json\n')
    csv_rows = read_pairs(tmp_path / "a.csv")
    assert [(r.row, r.a, r.b, r.label, r.problem) for r in csv_rows] == [
        (2, "x.txt", "y.txt", "one", ""), (3, "http://example.org/p", "y.txt", "", "")]
    assert csv_rows[0].source("a") == str(tmp_path / "x.txt")  # read from the pairs file's folder
    assert csv_rows[1].source("a") == "http://example.org/p"
    assert csv_rows[0].id == read_pairs(tmp_path / "a.csv")[0].id != csv_rows[1].id  # stable ids
    assert [(r.id, r.a) for r in read_pairs(tmp_path / "a.tsv")] == [("7", "x.txt")]
    jsonl = read_pairs(tmp_path / "a.jsonl")
    assert [(r.id, r.problem) for r in jsonl] == [
        ("3", ""), ("row-3", "row 3 is not a JSON object with the keys a and b."),
        ("row-4", "row 4 has no b (the second article)."), ("row-5", "row 5 is not JSON.")]


def test_repeated_pairs_and_unusable_files(tmp_path):
    (tmp_path / "p.csv").write_text("id,a,b\n1,x,y\n1,x,z\n,x,y\n,x,y\n")
    found = read_pairs(tmp_path / "p.csv")
    assert [r.problem for r in found] == [
        "", "row 3 repeats the id 1 of row 2.", "", "row 5 repeats the pair of row 4."]
    (tmp_path / "empty.csv").write_text("a,b\n")
    (tmp_path / "latin.csv").write_bytes("a,b\nd\xe9j\xe0,x\n".encode("latin-1"))
    for name, words in (("empty.csv", "holds no pair"), ("latin.csv", "is not UTF-8"), ("none.csv", "does not exist")):
        with pytest.raises(InputError, match=words):
            read_pairs(tmp_path / name)


@pytest.mark.parametrize("text", [
    "id,a,b\n,x,\nrow-2,x,y\n",   # an unnamed bad row 2, then a good row named row-2
    "id,a,b\nrow-3,x,y\n,x,\n",   # a good row named row-3, then an unnamed bad row 3
    "id,a,b\n,x,y\n" + "{},x,z\n",  # a row named with the id made for another
])
def test_made_ids_never_take_a_given_one(tmp_path, text):
    """They did: a bad row's failure replaced another row's, or a good row was said to repeat it."""
    (tmp_path / "p.csv").write_text(text.format(read_pairs_id("x", "y")))
    found = read_pairs(tmp_path / "p.csv")
    assert len({r.id for r in found}) == len(found) == 2
    assert [bool(r.problem) for r in found] == [not r.b for r in found]


def read_pairs_id(a: str, b: str) -> str:
    from annotations.batch.pairs import pair_id

    return pair_id(a, b)


def test_every_rows_id_is_checked(tmp_path):
    (tmp_path / "p.csv").write_text("id,a,b\nx,a.txt,\nx,a.txt,b.txt\n\"bad\x1bid\",a.txt,b.txt\n")
    found = read_pairs(tmp_path / "p.csv")
    assert [r.problem for r in found] == [
        "row 2 has no b (the second article).", "row 3 repeats the id x of row 2.",
        "row 4 has an id newsread cannot use (control characters, or over 200 characters)."]
    assert len({r.id for r in found}) == 3 and found[0].id == "x"


def test_articles_outside_the_pairs_files_folder_are_refused_per_row(tmp_path):
    """A colleague's pairs file once made the batch read ~/.ssh and /etc/passwd into the tables."""
    study = tmp_path / "study"
    (study / "texts").mkdir(parents=True)
    (study / "texts" / "x.txt").write_text("x")
    (tmp_path / "secret.txt").write_text("secret")
    (study / "texts" / "link.txt").symlink_to(tmp_path / "secret.txt")
    (study / "p.csv").write_text(
        "a,b\ntexts/x.txt,texts/x.txt\n"
        f"texts/x.txt,{tmp_path / 'secret.txt'}\n"
        "texts/x.txt,../secret.txt\n"
        "texts/../texts/link.txt,texts/x.txt\n"
        "texts/x.txt,texts/../../secret.txt\n"
        "texts/x.txt,http://example.org/page\n")
    found = read_pairs(study / "p.csv")
    outside = [r.row for r in found if "outside the pairs file's folder" in r.problem]
    assert outside == [3, 4, 5, 6]
    assert found[1].problem == (f"row 3 names {tmp_path / 'secret.txt'}, which is outside the pairs file's folder; "
                                "give --allow-outside to read articles from anywhere.")
    assert not any(r.problem for r in read_pairs(study / "p.csv", allow_outside=True))


def _seed_pairs(folder: Path, seed_paths, duplicates: int, ids: str = "") -> Path:
    """A pairs file beside copies of the seeds (whose analysis is in the test's database): the
    pair once, then `duplicates` times again, then `ids` (more CSV rows) if any."""
    folder.mkdir()
    for n, path in enumerate(seed_paths):
        (folder / f"{n}.txt").write_bytes(path.read_bytes())
    pairs = folder / "pairs.csv"
    pairs.write_text("id,a,b\n" + ",0.txt,1.txt\n" * (1 + duplicates) + ids, encoding="utf-8")
    return pairs


def _batch_in_process(pairs: Path, db: Path) -> tuple[str, dict[str, int]]:
    result = CliRunner().invoke(cli, ["batch", str(pairs), "--db", str(db)])
    assert result.exit_code == 0, result.output
    counted = dict(rows(db, "SELECT status, count(*) FROM pairs GROUP BY status"))
    return result.stderr.splitlines()[-1], counted


def test_what_stderr_counts_is_what_the_table_holds(tmp_path, seed_paths, private_database):
    """An id `row-3` and an unnamed bad row 3 left one failure in the table while stderr said 2."""
    pairs = _seed_pairs(tmp_path / "study", seed_paths, 0, "row-4,0.txt,\n,1.txt,\n,x.txt,\n")
    said, counted = _batch_in_process(pairs, private_database)
    assert said == ("newsread: 1 pairs analysed, 3 failed (their sentences are in the pairs table), "
                    f"in {private_database}.")
    assert counted == {"done": 1, "failed": 3}


def test_allow_outside_reads_articles_from_anywhere(tmp_path, seed_paths, private_database):
    study = tmp_path / "study"
    study.mkdir()
    pairs = study / "pairs.csv"
    pairs.write_text(f"id,a,b\nseeds,{seed_paths[0]},{seed_paths[1]}\n", encoding="utf-8")
    said, counted = _batch_in_process(pairs, private_database)
    assert counted == {"failed": 1} and "1 failed" in said
    assert "outside the pairs file's folder" in rows(private_database, "SELECT error FROM pairs")[0][0]
    result = CliRunner().invoke(cli, ["batch", str(pairs), "--allow-outside", "--db", str(private_database)])
    assert result.exit_code == 0, result.output
    assert rows(private_database, "SELECT id, status FROM pairs") == [("seeds", "done")]


DUPLICATES = 99_999


def test_a_hundred_thousand_rows_of_one_pair(tmp_path, seed_paths, private_database):
    """Written a row a transaction (450 a second), the duplicates kept the one pair waiting for minutes,
    and every run wrote them again."""
    pairs = _seed_pairs(tmp_path / "study", seed_paths, DUPLICATES)
    said, counted = _batch_in_process(pairs, private_database)
    assert said == (f"newsread: 1 pairs analysed, {DUPLICATES} failed (their sentences are in the pairs table), "
                    f"in {private_database}.")
    assert counted == {"done": 1, "failed": DUPLICATES}
    written = rows(private_database, "SELECT rowid, id, status FROM pairs ORDER BY rowid")
    assert written[0][2] == "done"  # the pair that can run ran first
    assert rows(private_database, "SELECT error FROM pairs WHERE row = 3") == [("row 3 repeats the pair of row 2.",)]
    said, counted = _batch_in_process(pairs, private_database)
    assert said == (f"newsread: 0 pairs analysed, {DUPLICATES} failed (their sentences are in the pairs table), "
                    f"1 already done, in {private_database}.")
    assert rows(private_database, "SELECT rowid, id, status FROM pairs ORDER BY rowid") == written  # none rewritten


def test_a_pair_is_written_whole_or_not_at_all(tmp_path):
    """An interruption in the middle of writing a pair leaves what was there before."""
    from annotations.batch import tables
    from annotations.batch.pairs import PairRow
    from annotations.store.store import Store

    pair = PairRow("p", 2, "a.txt", "b.txt")
    claim = {"number": 1, "sentence_a": 1, "sentence_b": 1, "text_a": "x", "text_b": "y", "tier": "same",
             "score": 0.5, "reasons": "[]", "shared_entities": "[]", "shared_figures": "[]", "shared_words": "[]"}

    class Interrupted(dict):
        def items(self):
            raise KeyboardInterrupt

    with Store(tmp_path / "newsread.db") as store:
        tables.write(store.db, "p", {"pairs": [tables.failed_row(pair, "a.txt does not exist.")]})
        with pytest.raises(KeyboardInterrupt):
            tables.write(store.db, "p", {"pairs": [{**tables.failed_row(pair, ""), "status": "done"}],
                                         "claims": [claim], "conflicts": [Interrupted(claim=1)]})
        assert store.db.execute("SELECT status, error FROM pairs").fetchall() == [("failed", "a.txt does not exist.")]
        assert store.db.execute("SELECT count(*) FROM claims").fetchall() == [(0,)]
        tables.write(store.db, "p", {"pairs": [{**tables.failed_row(pair, ""), "status": "done"}], "claims": [claim]})
        tables.write(store.db, "p", {"pairs": [{**tables.failed_row(pair, ""), "status": "done"}], "claims": [claim]})
        assert store.db.execute("SELECT count(*) FROM claims").fetchall() == [(1,)]


def test_only_in_counts_the_sentences_alone_and_a_table_written_before_is_counted_again(
        tmp_path, seed_paths, seed_cache, seed_comparison):
    """`only_in_a` counted every sentence without a claim, more than the reader's "only in A"; a database
    of the schema before `possibly_in_a` keeps opening, and its pairs are counted again by the next run."""
    from sqlite_utils import Database

    from annotations.batch import tables
    from annotations.store.schema import migration_set
    from annotations.store.store import Store

    old = tmp_path / "old.db"
    db = Database(old)
    migration_set().apply(db, stop_before="m008_possibly_in")
    db.execute("ATTACH DATABASE ? AS cached", [str(seed_cache)])
    db.execute("INSERT INTO analysis_cache SELECT * FROM cached.analysis_cache")  # the seeds' analysis
    db.conn.commit()
    db.execute("DETACH DATABASE cached")
    unclaimed = len(seed_comparison.only_in("A"))
    db.execute("INSERT INTO pairs (id, [row], a, b, status, claims, only_in_a, analysed) VALUES "
               "('seeds', 2, '0.txt', '1.txt', 'done', ?, ?, '2026-01-01T00:00:00+00:00')",
               [len(seed_comparison.claims), unclaimed])
    db.conn.commit()
    db.close()
    with Store(old) as store:
        # Opened, brought up to date, and the pair written the old way is not taken as finished.
        assert {"possibly_in_a", "possibly_in_b"} <= {c.name for c in store.db["pairs"].columns}
        assert store.db.execute("SELECT only_in_a, possibly_in_a FROM pairs").fetchall() == [(unclaimed, None)]
        assert tables.finished_ids(store.db) == set()
    study = tmp_path / "study"
    study.mkdir()
    for n, path in enumerate(seed_paths):
        (study / f"{n}.txt").write_bytes(path.read_bytes())
    (study / "pairs.csv").write_text("id,a,b\nseeds,0.txt,1.txt\n", encoding="utf-8")
    said, counted = _batch_in_process(study / "pairs.csv", old)
    assert said.startswith("newsread: 1 pairs analysed") and counted == {"done": 1}
    c = seed_comparison
    assert c.possibly_in("A") and c.possibly_in("B"), "the seeds must have sentences possibly in the other"
    assert rows(old, "SELECT only_in_a, only_in_b, possibly_in_a, possibly_in_b, from_cache FROM pairs") == [
        (len(c.alone_in("A")), len(c.alone_in("B")), len(c.possibly_in("A")), len(c.possibly_in("B")), 1)]
    said, _ = _batch_in_process(study / "pairs.csv", old)
    assert "1 already done" in said
