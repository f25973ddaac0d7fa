"""Chinese text as sparse vectors: jieba words plus character 2- and 3-grams, TF-IDF
(and, for a vectorizer fitted with ``characters``, single characters).

Residents describe situations in words a category name never uses; jieba words carry
the meaning of known terms, and character n-grams still match words jieba does not know
(a new district's own phrasing). Vectors are L2-normalised rows of a CSR matrix, so a
dot product is a cosine.

jieba is set up lazily, quietly (no stderr), and once per process: its dictionary takes
a quarter of a second to load (:func:`_load_dictionary`), so it is loaded when a text is
first cut, not before.
Domain words (category names, keywords and offering tags) are taught as indexes are
built or opened; taught before the first cut, they wait and are added as it loads, so
a process that only counts or allocates over an opened index never loads it.

An index snapshot also carries its open needs' clauses already cut (:func:`cuts_for`),
as a process that opens it and has taught nothing else cuts them: such a process ranks
those needs without loading the dictionary (:func:`use_cuts`).
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

if TYPE_CHECKING:
    import jieba

_LOCK = threading.Lock()
_TOKENIZER: jieba.Tokenizer | None = None
_ADDED: set[str] = set()
_PENDING: list[str] = []  # words taught before the tokenizer loaded, in order
_TAUGHT: list[str] = []  # every word taught, in the order taught
# Clauses already cut, for a process that has taught exactly what the cutting one had
# (use_cuts): read when first asked for, forgotten as soon as another word is taught.
_KNOWN_READ: Callable[[], Mapping[str, tuple[str, ...]]] | None = None
_KNOWN: Mapping[str, tuple[str, ...]] | None = None
_CACHE_DIR: Path | None = None  # where jieba's dictionary is cached (keep_dictionary_in)
# How many times a taught word may have changed how clauses cut: what was worked out
# from the cuts before (the run cache, a vectorizer's clause features) is not used after.
_CUTS_VERSION = 0

# Runs of CJK characters, or of Latin letters and digits; punctuation separates.
_RUNS = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Function words and fillers that say nothing about what a need or offering is about.
_STOPWORDS_TEXT = (
    "的 了 和 与 及 或 在 是 有 也 都 就 还 又 把 被 给 让 对 从 为 以 等 很 太 更 最 "
    "这 那 这些 那些 这个 那个 一个 一些 一下 一次 我们 他们 她们 大家 自己 什么 怎么 "
    "没有 不 没 能 会 想 要 希望 需要 想要 可以 能够 社区 居民 辖区 帮忙 帮助 开展 提供 "
    "服务 活动 组织 一起 进行 如果 因为 所以 但是 可是 不少 很多 平时 现在 已经 "
    "来 去 上 下 里 中 个 位 人 着 过 吗 呢 吧 啊"
)
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def _tokenizer() -> jieba.Tokenizer:
    global _TOKENIZER
    if _TOKENIZER is None:
        with _LOCK:
            if _TOKENIZER is None:
                _TOKENIZER = _new_tokenizer(_PENDING)
                _PENDING.clear()
    return _TOKENIZER


def _new_tokenizer(words: Iterable[str]) -> jieba.Tokenizer:
    """A tokenizer with jieba's dictionary loaded and ``words`` added, in that order."""
    jieba = _import_jieba()
    # jieba logs "Building prefix dict..." at DEBUG/INFO on its own handler.
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    if _CACHE_DIR is not None:
        tokenizer.tmp_dir = str(_CACHE_DIR)
    _load_dictionary(tokenizer)
    for word in words:
        tokenizer.add_word(word, freq=None)
    return tokenizer


def _import_jieba() -> Any:
    """jieba, imported without setuptools' ``pkg_resources``, which it imports only to
    open files of its own package (falling back to opening them by path) and which
    takes 0.1 s of the 0.12 s its import costs each process."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def keep_dictionary_in(folder: Path) -> None:
    """Cache jieba's built dictionary in ``folder`` (made, private to this user, when
    missing) instead of jieba's default, the shared temporary directory; for the
    tokenizer this process loads next. The site sets it from ``SEGMENTER_CACHE_DIR``."""
    global _CACHE_DIR
    with contextlib.suppress(OSError):  # unwritable: jieba builds it each time, and says so
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    _CACHE_DIR = folder


def _load_dictionary(tokenizer: jieba.Tokenizer) -> None:
    """Load jieba's default dictionary into ``tokenizer``, as its ``initialize()`` does.

    Once built, jieba keeps the dictionary in a cache file (``jieba.cache`` in the
    tokenizer's ``tmp_dir``, see :func:`keep_dictionary_in`) and unmarshals it straight
    from the open file, a read call for each word: 0.8-0.95 s. The same file read whole,
    then unmarshalled, takes 0.23-0.36 s, and every process that cuts text pays it. A
    cache that does not read back as the dictionary is removed (jieba would load one
    that unmarshals to anything), and jieba builds the dictionary and writes the cache
    again."""
    cache = Path(tokenizer.tmp_dir or tempfile.gettempdir()) / (
        tokenizer.cache_file or "jieba.cache"
    )
    try:
        # The file jieba itself writes (in the site's own folder) and unmarshals.
        freq, total = marshal.loads(cache.read_bytes())  # noqa: S302
    except (OSError, EOFError, ValueError, TypeError):
        freq = total = None
    if isinstance(freq, dict) and isinstance(total, int):
        tokenizer.FREQ, tokenizer.total = freq, total
        tokenizer.initialized = True
        return
    with contextlib.suppress(OSError):
        cache.unlink(missing_ok=True)
    tokenizer.initialize()


def loaded() -> bool:
    """Whether this process has loaded the tokenizer's dictionary."""
    return _TOKENIZER is not None


def _teachable(word: str) -> str | None:
    """``word`` as the tokenizer is taught it, or None when it is not taught."""
    word = word.strip()
    return word if 2 <= len(word) <= 8 and _CJK.search(word) else None


def add_words(words: Iterable[str]) -> None:
    """Teach the tokenizer domain words (category names, offering titles and tags); before
    it loads, they wait for it (see the module's docstring)."""
    global _KNOWN, _KNOWN_READ, _CUTS_VERSION
    with _LOCK:
        taught = False
        for given in words:
            word = _teachable(given)
            if word is None or word in _ADDED:
                continue
            if _TOKENIZER is None:
                _PENDING.append(word)
            else:
                _TOKENIZER.add_word(word, freq=None)
            _ADDED.add(word)
            _TAUGHT.append(word)
            taught = True
        if taught:
            # Clauses cut before may cut otherwise now: a process that has run a while
            # cuts a text as one that has just started does.
            _RUN_CACHE.clear()
            _CUTS_VERSION += 1
            _KNOWN = _KNOWN_READ = None


def taught() -> tuple[str, ...]:
    """The words this process has taught the tokenizer, in the order taught."""
    with _LOCK:
        return tuple(_TAUGHT)


def _clauses(texts: Iterable[str]) -> set[str]:
    return {run for text in texts for run in _RUNS.findall(text) if _CJK.match(run)}


def cuts_for(
    texts: Iterable[str], words: Iterable[str], *, most: int = 200_000
) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """The clauses of ``texts`` (at most ``most`` of them) cut as a process that has
    taught ``words`` in that order, and nothing else, cuts them: by a tokenizer of their
    own, this process's left as it is. With the words as :func:`taught` reads them in
    such a process. For :func:`use_cuts` in another process."""
    order: dict[str, None] = {}  # the words taught, once each, in order
    for given in words:
        word = _teachable(given)
        if word is not None:
            order.setdefault(word)
    clauses = sorted(_clauses(texts))[:most]
    if not clauses:
        return tuple(order), {}
    tokenizer = _new_tokenizer(order)
    return tuple(order), {run: _cut(tokenizer, run) for run in clauses}


def use_cuts(read: Callable[[], Mapping[str, tuple[str, ...]]], words: Sequence[str]) -> bool:
    """Take clauses' cuts from ``read()`` (called when a clause is first cut) rather than
    loading the dictionary, if this process has taught exactly ``words``, in that order
    (see :func:`cuts_for`); until it teaches another. False, keeping what it had, when
    it has taught otherwise."""
    global _KNOWN, _KNOWN_READ
    with _LOCK:
        if tuple(_TAUGHT) != tuple(words):
            return False
        _KNOWN, _KNOWN_READ = None, read
        return True


def _known_cuts() -> Mapping[str, tuple[str, ...]] | None:
    global _KNOWN, _KNOWN_READ
    if _KNOWN is None and _KNOWN_READ is not None:
        with _LOCK:
            if _KNOWN is None and _KNOWN_READ is not None:
                _KNOWN, _KNOWN_READ = _KNOWN_READ(), None
    return _KNOWN


# Clauses recur across a district's texts (stock phrases, shared titles): their jieba
# words are kept, bounded, so building an index of many offerings cuts each clause once.
_RUN_CACHE: dict[str, tuple[str, ...]] = {}
_RUN_CACHE_LIMIT = 200_000
# How many clauses' feature ids a vectorizer keeps between calls (some 400 bytes each): a
# city's open needs have a few thousand distinct clauses; a web worker reading whatever
# it is sent forgets them all at this many.
_CLAUSES_KEPT = 50_000


def _cut(tokenizer: jieba.Tokenizer, run: str) -> tuple[str, ...]:
    return tuple(
        w for w in tokenizer.cut_for_search(run, HMM=True) if w.strip() and w not in _STOPWORDS
    )


def _run_words(run: str) -> tuple[str, ...]:
    cached = _RUN_CACHE.get(run)
    if cached is None:
        known = _known_cuts()
        if known is not None:
            found = known.get(run)
            if found is not None:
                return found
        cached = _cut(_tokenizer(), run)
        if len(_RUN_CACHE) >= _RUN_CACHE_LIMIT:
            _RUN_CACHE.clear()
        _RUN_CACHE[run] = cached
    return cached


def words(text: str) -> list[str]:
    """jieba words of ``text`` (search mode: long words and their known parts), no stopwords."""
    out: list[str] = []
    for run in _RUNS.findall(text):
        if _CJK.match(run):
            out.extend(_run_words(run))
        else:
            out.append(run.lower())
    return out


def _run_features(run: str, characters: bool = False) -> tuple[str, ...]:
    """The features of one run of ``text`` (see :func:`features`); ``characters``: its
    single characters too."""
    if not _CJK.match(run):
        return ("w:" + run.lower(),)
    return (
        *("w:" + w for w in _run_words(run)),
        *(("c:" + c for c in run) if characters else ()),
        *("c:" + run[i : i + 2] for i in range(len(run) - 1)),
        *("c:" + run[i : i + 3] for i in range(len(run) - 2)),
    )


def features(text: str, *, characters: bool = False) -> list[str]:
    """The features of a text: ``w:`` jieba words and ``c:`` character 2-/3-grams, and
    with ``characters`` its single characters (``c:药``) too."""
    return [f for run in _RUNS.findall(text) for f in _run_features(run, characters)]


class _RunIds:
    """Feature ids of runs (clauses) against one vocabulary, each run worked out once:
    a district's texts share many clauses, so vectorising them costs per distinct
    clause, not per text. ``grow`` adds unknown features to the vocabulary (fitting);
    otherwise they are dropped. Bounded, by ``kept`` clauses (the run cache's bound unless
    given)."""

    __slots__ = ("_cache", "_characters", "_grow", "_kept", "_vocabulary")

    def __init__(
        self,
        vocabulary: dict[str, int],
        *,
        grow: bool,
        characters: bool = False,
        cache: dict[str, npt.NDArray[np.int64]] | None = None,
        kept: int = _RUN_CACHE_LIMIT,
    ) -> None:
        self._vocabulary = vocabulary
        self._grow = grow
        self._characters = characters
        self._cache: dict[str, npt.NDArray[np.int64]] = {} if cache is None else cache
        self._kept = kept

    def of(self, text: str) -> npt.NDArray[np.int64]:
        parts = [self._run(run) for run in _RUNS.findall(text)]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def _run(self, run: str) -> npt.NDArray[np.int64]:
        ids = self._cache.get(run)
        if ids is None:
            vocabulary = self._vocabulary
            if self._grow:
                ids = np.fromiter(
                    (
                        vocabulary.setdefault(f, len(vocabulary))
                        for f in _run_features(run, self._characters)
                    ),
                    dtype=np.int64,
                )
            else:
                known = [vocabulary.get(f) for f in _run_features(run, self._characters)]
                ids = np.array([i for i in known if i is not None], dtype=np.int64)
            if len(self._cache) >= self._kept:
                self._cache.clear()
            self._cache[run] = ids
        return ids


def _rows(id_lists: Sequence[npt.NDArray[np.int64]], size: int) -> sp.csr_matrix:
    """Term counts: one row per id list, duplicates summed."""
    lengths = np.fromiter((len(ids) for ids in id_lists), dtype=np.int64, count=len(id_lists))
    indptr = np.zeros(len(id_lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = (np.concatenate(id_lists) if len(id_lists) else np.zeros(0, dtype=np.int64)).astype(
        np.int64
    )
    counts = sp.csr_matrix(
        (np.ones(indices.size, dtype=np.float64), indices, indptr),
        shape=(len(id_lists), size),
    )
    counts.sum_duplicates()
    return counts


@dataclass(frozen=True, slots=True)
class Vectorizer:
    """A fitted TF-IDF vocabulary: feature -> column, with inverse document frequencies."""

    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float64]
    characters: bool = False  # single characters are features too
    # Each clause's feature ids as :meth:`transform` found them, by the cuts version
    # they were found under (see _CUTS_VERSION): a batch transforms its needs a block
    # at a time, and a district's blocks share most of their clauses.
    _clauses: dict[int, dict[str, npt.NDArray[np.int64]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def fit_transform(
        cls, texts: Sequence[str], *, characters: bool = False
    ) -> tuple[Vectorizer, sp.csr_matrix]:
        """The vocabulary of ``texts``, smoothed idf (``log((1+n)/(1+df)) + 1``), and
        the texts' vectors; ``characters``: single characters are features too."""
        vocabulary: dict[str, int] = {}
        runs = _RunIds(vocabulary, grow=True, characters=characters)
        id_lists = [runs.of(text) for text in texts]
        counts = _rows(id_lists, len(vocabulary))
        df = np.bincount(counts.indices, minlength=len(vocabulary)).astype(np.float64)
        idf = np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
        vectorizer = cls(vocabulary=vocabulary, idf=idf, characters=characters)
        return vectorizer, vectorizer._weigh(counts)

    @property
    def size(self) -> int:
        return len(self.vocabulary)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Rows of sublinear TF-IDF (``1 + log tf``), L2-normalised; unknown features dropped."""
        version = _CUTS_VERSION
        known = self._clauses.get(version)
        if known is None or len(known) >= _CLAUSES_KEPT:
            self._clauses.clear()
            known = self._clauses.setdefault(version, {})
        # Bounded within the call too: reading a city's offerings is one call.
        runs = _RunIds(
            self.vocabulary, grow=False, characters=self.characters, cache=known, kept=_CLAUSES_KEPT
        )
        return self._weigh(_rows([runs.of(text) for text in texts], self.size))

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]
        return normalise_rows(counts)


def length(text: str) -> int:
    """How much ``text`` says, in characters: each Chinese character counts one, and so
    does each run of Latin letters or digits (a word or a number); punctuation none."""
    return sum(len(run) if _CJK.match(run) else 1 for run in _RUNS.findall(text))


def normalise_rows(matrix: Any) -> sp.csr_matrix:
    """The rows of a sparse matrix scaled to unit length (empty rows stay empty)."""
    matrix = sp.csr_matrix(matrix, dtype=np.float64)
    squares = np.zeros(matrix.shape[0], dtype=np.float64)
    lengths = np.diff(matrix.indptr)
    filled = lengths > 0
    if filled.any():
        squares[filled] = np.add.reduceat(matrix.data**2, matrix.indptr[:-1][filled])
    norms = np.sqrt(squares)
    norms[norms == 0] = 1.0
    matrix.data = matrix.data / np.repeat(norms, lengths)
    return matrix
