"""Chinese text as sparse vectors: jieba words plus character 2- and 3-grams, TF-IDF.

Residents describe situations in words a category name never uses; jieba words carry
the meaning of known terms, and character n-grams still match words jieba does not know
(a new district's own phrasing). Vectors are L2-normalised rows of a CSR matrix, so a
dot product is a cosine.

jieba is set up lazily (importing this module costs nothing), quietly (no stderr), and
once per process; domain words (category names, offering titles and tags) are added to
its dictionary as indexes are built.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

if TYPE_CHECKING:
    import jieba

_LOCK = threading.Lock()
_TOKENIZER: jieba.Tokenizer | None = None
_ADDED: set[str] = set()

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
                import jieba

                # jieba logs "Building prefix dict..." at DEBUG/INFO on its own handler.
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _TOKENIZER = tokenizer
    return _TOKENIZER


def add_words(words: Iterable[str]) -> None:
    """Teach the tokenizer domain words (category names, offering titles and tags)."""
    tokenizer = _tokenizer()
    with _LOCK:
        for word in words:
            word = word.strip()
            if 2 <= len(word) <= 8 and word not in _ADDED and _CJK.search(word):
                tokenizer.add_word(word, freq=None)
                _ADDED.add(word)


def words(text: str) -> list[str]:
    """jieba words of ``text`` (search mode: long words and their known parts), no stopwords."""
    tokenizer = _tokenizer()
    out: list[str] = []
    for run in _RUNS.findall(text):
        if not _CJK.match(run):
            out.append(run.lower())
            continue
        for word in tokenizer.cut_for_search(run, HMM=True):
            if word.strip() and word not in _STOPWORDS:
                out.append(word)
    return out


def features(text: str) -> list[str]:
    """The features of a text: ``w:`` jieba words and ``c:`` character 2-/3-grams."""
    feats = [f"w:{w}" for w in words(text)]
    for run in _RUNS.findall(text):
        if not _CJK.match(run):
            continue
        for n in (2, 3):
            feats.extend(f"c:{run[i : i + n]}" for i in range(len(run) - n + 1))
    return feats


@dataclass(frozen=True, slots=True)
class Vectorizer:
    """A fitted TF-IDF vocabulary: feature -> column, with inverse document frequencies."""

    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float64]

    @classmethod
    def fit(cls, feature_lists: Sequence[Sequence[str]], *, min_df: int = 1) -> Vectorizer:
        """Vocabulary and smoothed idf (``log((1+n)/(1+df)) + 1``) of the given documents."""
        df: dict[str, int] = {}
        for feats in feature_lists:
            for feat in set(feats):
                df[feat] = df.get(feat, 0) + 1
        kept = sorted(f for f, count in df.items() if count >= min_df)
        vocabulary = {f: i for i, f in enumerate(kept)}
        n = len(feature_lists)
        counts = np.fromiter((df[f] for f in kept), dtype=np.float64, count=len(kept))
        idf = np.log((1.0 + n) / (1.0 + counts)) + 1.0
        return cls(vocabulary=vocabulary, idf=idf)

    @property
    def size(self) -> int:
        return len(self.vocabulary)

    def transform(self, feature_lists: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Rows of sublinear TF-IDF (``1 + log tf``), L2-normalised; unknown features dropped."""
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        vocabulary = self.vocabulary
        for feats in feature_lists:
            counts: dict[int, int] = {}
            for feat in feats:
                column = vocabulary.get(feat)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            indices.extend(counts)
            data.extend(1.0 + np.log(c) for c in counts.values())
            indptr.append(len(indices))
        matrix = sp.csr_matrix(
            (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
            shape=(len(feature_lists), self.size),
        )
        matrix = matrix @ sp.diags(self.idf)
        return normalise_rows(sp.csr_matrix(matrix))


def normalise_rows(matrix: Any) -> sp.csr_matrix:
    """The rows of a sparse matrix scaled to unit length (empty rows stay empty)."""
    matrix = sp.csr_matrix(matrix, dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)
