"""Long article pairs made of real news text, for the scaling figures.

Article A joins the `<t>_<n>ecbplus.txt` articles of the ECB+ corpus and
article B the `<t>_<n>ecb.txt` ones, topic by topic, so the two long texts
report related events the way a real pair does and claim matching has real
work to do. Each is cut at a paragraph end once it has the words asked for.
"""

from __future__ import annotations

import re
from pathlib import Path

from .measure import ROOT

#: The ECB+ texts (CC BY 3.0), beside the project checkout.
DEFAULT_TEXTS = ROOT.parent / "shared" / "eval" / "ecbplus" / "texts"


def _key(path: Path) -> tuple[int, int]:
    topic, number = re.match(r"(\d+)_(\d+)", path.name).groups()
    return int(topic), int(number)


def _join(files: list[Path], words: int) -> str:
    """The files' paragraphs, the first headline only, until `words` words."""
    paragraphs: list[str] = []
    count = 0
    for i, path in enumerate(files):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for line in lines if i == 0 else lines[1:]:
            paragraphs.append(line)
            count += len(line.split())
            if count >= words:
                return "\n\n".join(paragraphs) + "\n"
    raise ValueError(f"the corpus holds fewer than {words} words")


def make_pair(words: int, out_dir: Path, texts: Path = DEFAULT_TEXTS) -> tuple[Path, Path]:
    """Write two articles of about `words` words each into `out_dir`.

    Raises:
        FileNotFoundError: when the ECB+ texts are not there.
    """
    if not texts.is_dir():
        raise FileNotFoundError(f"no ECB+ texts at {texts} (give --texts)")
    files = sorted(texts.glob("*.txt"), key=_key)
    plus = [f for f in files if f.name.endswith("ecbplus.txt")]
    plain = [f for f in files if not f.name.endswith("ecbplus.txt")]
    a, b = out_dir / f"long_{words}_a.txt", out_dir / f"long_{words}_b.txt"
    a.write_text(_join(plus, words), encoding="utf-8")
    b.write_text(_join(plain, words), encoding="utf-8")
    return a, b
