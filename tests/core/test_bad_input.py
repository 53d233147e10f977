"""Bad input: one clear sentence on stderr, exit status 2, nothing on stdout."""

from __future__ import annotations

import subprocess

import pytest
from support import newsread


def run(*args: str) -> subprocess.CompletedProcess:
    return newsread("compare", *args, timeout=120)


def _assert_one_sentence(result: subprocess.CompletedProcess, *words: str) -> None:
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert result.stdout == b""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0]


@pytest.fixture
def good(seed_paths) -> str:
    return str(seed_paths[0])


def test_missing_file(tmp_path, good):
    missing = tmp_path / "nowhere.txt"
    _assert_one_sentence(run(str(missing), good), "nowhere.txt", "does not exist")


def test_directory(tmp_path, good):
    _assert_one_sentence(run(str(tmp_path), good), "is a directory")


def test_empty_file(tmp_path, good):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _assert_one_sentence(run(good, str(empty)), "empty.txt", "is empty")


def test_blank_file_is_empty_too(tmp_path, good):
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\n \n")
    _assert_one_sentence(run(good, str(blank)), "blank.txt", "is empty")


def test_binary_file(tmp_path, good):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(bytes(range(256)) * 64)
    _assert_one_sentence(run(good, str(binary)), "photo.jpg", "binary")


def test_undecodable_file(tmp_path, good):
    # Bytes that are neither UTF-8 nor text in any single-byte encoding.
    bad = tmp_path / "garbled.txt"
    bad.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFE, 0xFF, 0xC0]) * 200)
    _assert_one_sentence(run(str(bad), good), "garbled.txt")


def test_wrong_number_of_articles(good):
    _assert_one_sentence(run(good), "two articles")
