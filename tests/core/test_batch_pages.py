"""`newsread batch --html DIR`: a web page per pair and an index, without a cluster (the seeds' analysis is cached)."""

from __future__ import annotations

import csv
import re
import shutil

from support import newsread
from test_web_page import Elements

HOSTILE_LABEL = "<script>window.pwned=1</script>\"><img src=x onerror=alert(1)>"


def write_pairs(folder, seed_paths) -> None:
    """A pairs file beside copies of the seeds (a pairs file reads only what sits in its own folder)."""
    seed_paths = [shutil.copy(path, folder / path.name) for path in seed_paths]
    with (folder / "pairs.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "a", "b", "label"])
        writer.writerow(["seeds", str(seed_paths[0]), str(seed_paths[1]), "Putin and Xi"])
        writer.writerow(["Seeds, turned: B/A", str(seed_paths[1]), str(seed_paths[0]), HOSTILE_LABEL])
        writer.writerow(["gone", str(folder / "missing.txt"), str(seed_paths[0]), ""])


def test_every_pair_gets_its_page_and_the_index_lists_them_all(tmp_path, seed_paths, private_database,
                                                               seed_comparison):
    write_pairs(tmp_path, seed_paths)
    pages = tmp_path / "pages"
    # One worker process: two pairs need no more, and each worker loads the pipeline.
    run = newsread("batch", str(tmp_path / "pairs.csv"), "--html", str(pages), "--db", str(private_database),
                   "--workers", "1", text=True)
    assert run.returncode == 0, run.stderr
    assert f"2 web pages and their index: {pages.resolve() / 'index.html'}" in run.stderr
    names = sorted(p.name for p in pages.iterdir())
    # File names are the row and the id made safe (a-z, 0-9, dashes): nothing leaves the folder.
    assert names == ["2-seeds.html", "3-seeds-turned-b-a.html", "index.html"]
    seeds_page = (pages / "2-seeds.html").read_text(encoding="utf-8")
    assert "Putin And Xi Say They Need To Oppose" in seeds_page and 'id="c1"' in seeds_page
    index = (pages / "index.html").read_text(encoding="utf-8")
    found = Elements()
    found.feed(index)
    assert found.hrefs == ["2-seeds.html", "3-seeds-turned-b-a.html"]
    assert found.tags <= {"html", "head", "meta", "title", "style", "body", "h1", "table", "thead", "tbody", "tr",
                          "th", "td", "a", "br", "span"}
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in index
    assert re.search(r"no page: .*missing\.txt", index)
    # The counts are the reader's: "only in" the sentences alone, those possibly in the other apart.
    c = seed_comparison
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", index)
    assert heads[4:] == ["claims", "conflicts", "only in A", "only in B", "≈ of A possibly in B",
                         "≈ of B possibly in A"]
    counted = {row: re.findall(r'<td class="n[^"]*">([^<]*)</td>', line)
               for row, line in re.findall(r'<tr><td class="n">(\d+)</td>(.*?)</tr>', index)}
    assert counted["2"] == [str(n) for n in (len(c.claims), len(c.conflicts), len(c.alone_in("A")),
                                             len(c.alone_in("B")), len(c.possibly_in("A")), len(c.possibly_in("B")))]
    assert counted["4"] == [""] * 6  # the failed pair has no counts (they read "None")

    # Run again: every pair is done already, and its page is made again from the cache.
    for page in pages.glob("*.html"):
        page.unlink()
    again = newsread("batch", str(tmp_path / "pairs.csv"), "--html", str(pages), "--db", str(private_database),
                     text=True)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in pages.iterdir()) == names
    assert (pages / "2-seeds.html").read_text(encoding="utf-8") == seeds_page
