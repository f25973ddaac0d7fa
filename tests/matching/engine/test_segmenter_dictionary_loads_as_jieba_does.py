"""The segmenter's dictionary, read from jieba's cache file whole, is the dictionary jieba
loads itself; without a cache that reads back, jieba builds it and writes the cache.
jieba is loaded without setuptools' pkg_resources, and still finds its own files."""

from __future__ import annotations

import logging
import marshal
from pathlib import Path

import jieba
import pytest

from matching.engine.text import _load_dictionary
from tests.fresh import run_fresh

jieba.setLogLevel(logging.WARNING)
SAYINGS = "老伴中风以后卫生间没有扶手，想请人帮忙装个扶手；空调不制冷了，四十多岁下岗了"


@pytest.fixture(scope="module")
def jiebas_own() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def test_the_cached_dictionary_is_jiebas_own(jiebas_own: jieba.Tokenizer) -> None:
    ours = jieba.Tokenizer()
    _load_dictionary(ours)
    assert ours.initialized
    assert ours.total == jiebas_own.total
    assert ours.FREQ == jiebas_own.FREQ
    assert list(ours.cut_for_search(SAYINGS)) == list(jiebas_own.cut_for_search(SAYINGS))


UNREADABLE = [None, b"", b"\x00not marshal", marshal.dumps(0), marshal.dumps(([], 1))]


@pytest.mark.parametrize("cache", UNREADABLE)
def test_a_missing_or_unreadable_cache_is_built_again(
    cache: bytes | None, tmp_path: Path, jiebas_own: jieba.Tokenizer
) -> None:
    if cache is not None:
        (tmp_path / "jieba.cache").write_bytes(cache)
    ours = jieba.Tokenizer()
    ours.tmp_dir = str(tmp_path)
    _load_dictionary(ours)
    assert ours.FREQ == jiebas_own.FREQ
    written = marshal.loads((tmp_path / "jieba.cache").read_bytes())  # noqa: S302
    assert isinstance(written[0], dict)
    again = jieba.Tokenizer()
    again.tmp_dir = str(tmp_path)
    _load_dictionary(again)  # from the cache just written
    assert again.FREQ == jiebas_own.FREQ


def test_the_site_caches_the_dictionary_in_its_own_folder() -> None:
    from django.conf import settings

    from matching.engine import text

    tokenizer = text._tokenizer()
    assert tokenizer.tmp_dir == str(settings.SEGMENTER_CACHE_DIR)
    assert (settings.SEGMENTER_CACHE_DIR / "jieba.cache").is_file()


def test_the_cache_folder_is_made_private_to_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matching.engine import text

    monkeypatch.setattr(text, "_CACHE_DIR", text._CACHE_DIR)  # put back after the test
    folder = tmp_path / "var" / "segmenter"
    text.keep_dictionary_in(folder)
    assert folder.is_dir()
    assert folder.stat().st_mode & 0o077 == 0
    assert folder == text._CACHE_DIR


FRESH_PROCESS = """
import sys, tempfile, pathlib
from matching.engine import text
text.keep_dictionary_in(pathlib.Path(tempfile.mkdtemp()) / "segmenter")
print(" ".join(text.words("四十多岁下岗了想找工作")))
print("pkg_resources" in sys.modules)
"""


def test_a_fresh_process_builds_jiebas_dictionary_without_pkg_resources() -> None:
    # A new cache folder: the dictionary is built from jieba's own package files.
    cut, imported = run_fresh(FRESH_PROCESS).stdout.split("\n")[:2]
    assert "下岗" in cut.split()
    assert "四十多岁" in cut.split()
    assert imported == "False"
