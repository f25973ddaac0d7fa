"""Reading a text: what it is about, how it is to be delivered, whom it concerns.

- delivery modes and beneficiary groups come from cue phrases (the standard's own, when
  it lists some, plus the general ones below): suggestions, never decisions;
- examples a district has confirmed (a secretary's choice or correction, an accepted
  dispatch) pull texts like them towards their category in that district only, and push
  them away from it when their weight is negative.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.engine import text as textmod
from matching.engine.types import TextExample

# Phrases that say how a service is to be delivered. The person cannot come (下不了楼,
# 卧床, 出不了门) or asks for someone to come (上门, 来家里): at home. What a text is
# about is no cue (网上挂号 is a thing to learn, not a way of delivery).
MODE_CUES: dict[str, tuple[str, ...]] = {
    "home_visit": (
        "上门",
        "来家里",
        "到家里",
        "到家",
        "入户",
        "家里来",
        "下不了楼",
        "下不来楼",
        "下楼不便",
        "出不了门",
        "出不去",
        "不方便出门",
        "行动不便",
        "腿脚不便",
        "腿脚不灵便",
        "卧床",
        "瘫痪",
        "探访",
        "探望",
        "看看她",
        "看看他",
    ),
    "online": ("线上", "视频", "直播", "远程", "微信群", "网课", "在线"),
    "at_center": ("活动室", "党群服务中心", "社区中心", "到社区", "在社区"),
    "at_partner": ("到店", "去店里", "门店", "到医院", "机构里"),
}

# Phrases naming the people a text concerns.
BENEFICIARY_CUES: dict[str, tuple[str, ...]] = {
    "elderly": (
        "老人",
        "老年",
        "长者",
        "高龄",
        "独居",
        "空巢",
        "老伴",
        "老头",
        "老太",
        "奶奶",
        "爷爷",
        "姥姥",
        "姥爷",
        "外婆",
        "外公",
        "大爷",
        "大妈",
        "阿姨",
        "老两口",
        "退休",
    ),
    "children": ("孩子", "小孩", "儿童", "娃", "小学", "幼儿", "宝宝", "婴儿", "放学"),
    "youth": ("青少年", "中学", "初中", "高中", "学生", "少年"),
    "families": ("家庭", "夫妻", "婆媳", "邻居", "家长", "亲子", "一家"),
    "disabled": ("残疾", "残障", "盲人", "聋", "轮椅", "瘫痪", "智障", "自闭"),
    "new_employment": ("骑手", "外卖", "快递", "网约车", "送餐", "小哥", "配送员"),
    "enterprises": ("企业", "公司", "商户", "店主", "个体户", "老板"),
    "job_seekers": ("下岗", "失业", "找工作", "没工作", "求职", "再就业", "待业", "打零工"),
}

# Words naming people: who a text concerns, not what it is about (the beneficiary prior
# weighs whom; see ``categories.PERSON_WEIGHT``). Things that mark a group (轮椅, 外卖,
# 下岗) are not among them: they say what the need is about too.
PERSON_WORDS: tuple[str, ...] = (
    "老人",
    "老年人",
    "长者",
    "老伴",
    "老头",
    "老太",
    "老太太",
    "奶奶",
    "爷爷",
    "姥姥",
    "姥爷",
    "外婆",
    "外公",
    "大爷",
    "大妈",
    "阿姨",
    "老两口",
    "孩子",
    "小孩",
    "儿童",
    "娃",
    "宝宝",
    "婴儿",
    "青少年",
    "学生",
    "少年",
    "家长",
    "宝妈",
    "妈妈",
    "爸爸",
    "儿子",
    "女儿",
    "子女",
    "邻居",
    "居民",
    "家人",
    "小哥",
)

# Phrases saying that something is lacking or broken. A clause holding one says what the
# need is (缺个宽敞的场地, 经费不够, 热水器坏了) where the others set the scene (端午想请
# 老人们聚一聚, 家里住着一位八十多的老人); see :func:`focus_of`.
LACK_CUES: tuple[str, ...] = (
    "缺",
    "不够",
    "凑不齐",
    "凑不够",
    "不足",
    "没钱",
    "没有钱",
    "没地方",
    "没有地方",
    "没场地",
    "找不到",
    "坏了",
    "坏掉",
    "不制冷",
    "不制热",
    "不转",
    "不亮",
    "漏水",
    "漏雨",
    "渗水",
    "堵",
    "跳闸",
    "失灵",
    "打不着",
    "打不开",
    "关不上",
)
# The weight of those clauses, added to the whole text's vector when reading it.
FOCUS_WEIGHT = 0.5
_CLAUSES = re.compile(r"[，,。．.；;！!？?、：:\s]+")
# Any of the cue phrases, found in one pass over a clause.
_LACKING = re.compile("|".join(re.escape(cue) for cue in LACK_CUES))

# How strongly confirmed examples pull a text towards a category, in cosine units of
# the category model: ``EXAMPLE_PULL * tanh(sum of weight * sim**2)`` over the
# category's examples, ``sim`` their cosine with the text; many examples saying the same
# thing pull no harder than EXAMPLE_PULL. Texts unlike an example (cosine below
# EXAMPLE_FLOOR) are not moved by it at all.
EXAMPLE_PULL = 0.6
EXAMPLE_FLOOR = 0.2


def merge_cues(
    general: Mapping[str, Sequence[str]], extra: Mapping[str, Sequence[str]], known: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """The general cues with the standard's own added, for the ``known`` codes only, in
    the order of ``known``."""
    merged: dict[str, tuple[str, ...]] = {}
    for code in known:
        phrases = tuple(dict.fromkeys((*general.get(code, ()), *extra.get(code, ()))))
        if phrases:
            merged[code] = phrases
    return merged


def read_cues(text: str, cues: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """The codes whose cue phrases occur in ``text``, in the order of ``cues``."""
    return tuple(code for code, phrases in cues.items() if any(p in text for p in phrases))


def focus_of(text: str) -> str:
    """The clauses of ``text`` that say something is lacking or broken (:data:`LACK_CUES`),
    joined; empty when none does, or every clause does (nothing to single out)."""
    clauses = [c for c in _CLAUSES.split(text) if c]
    named = [c for c in clauses if _LACKING.search(c)]
    return "，".join(named) if named and len(named) < len(clauses) else ""


def reading_vectors(
    vectorizer: textmod.Vectorizer, texts: Sequence[str], vectors: sp.csr_matrix
) -> sp.csr_matrix:
    """``vectors`` (the rows of ``texts``) as read for their category: each with its
    :func:`focus_of` added at :data:`FOCUS_WEIGHT`, L2-normalised again; rows of texts
    without a focus stay as they are."""
    foci = [focus_of(text) for text in texts]
    if not any(foci):
        return vectors
    return textmod.normalise_rows(vectors + FOCUS_WEIGHT * vectorizer.transform(foci))


@dataclass(frozen=True, slots=True)
class _DistrictExamples:
    vectors: sp.csr_matrix  # examples x features, rows L2-normalised
    categories: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]


class ExampleMemory:
    """The examples of each district as vectors, applied as a shift of category scores.

    A district's examples are turned into vectors when a text of that district is first
    read, not when the memory is made: a process that opens an index to count or
    allocate never cuts a text (and never loads the segmenter)."""

    __slots__ = ("_by_district", "_grouped", "_position", "_size", "_vectors_of")

    def __init__(
        self,
        examples: Sequence[TextExample],
        *,
        vectorizer: textmod.Vectorizer,
        codes: Sequence[str],
        prepare: Callable[[Sequence[str]], sp.csr_matrix] | None = None,
    ) -> None:
        """``prepare`` turns texts into the vectors compared (default: the vectorizer's);
        :meth:`shift` must be given texts' vectors prepared the same way."""
        self._position = {code: i for i, code in enumerate(codes)}
        self._size = len(codes)
        grouped: dict[str, list[TextExample]] = {}
        for example in examples:
            if example.category in self._position and example.text.strip() and example.weight:
                grouped.setdefault(example.district, []).append(example)
        self._grouped = grouped
        self._vectors_of = prepare or vectorizer.transform
        self._by_district: dict[str, _DistrictExamples] = {}

    def __bool__(self) -> bool:
        return bool(self._grouped)

    def districts(self) -> frozenset[str]:
        return frozenset(self._grouped)

    def _of(self, district: str) -> _DistrictExamples | None:
        memory = self._by_district.get(district)
        if memory is None:
            items = self._grouped.get(district)
            if items is None:
                return None
            # Two threads may both build it; they build the same, and either is kept.
            memory = self._by_district[district] = _DistrictExamples(
                vectors=self._vectors_of([e.text for e in items]),
                categories=np.array([self._position[e.category] for e in items], dtype=np.int64),
                weights=np.array([e.weight for e in items], dtype=np.float64),
            )
        return memory

    def shift(self, vectors: sp.csr_matrix, district: str | None) -> npt.NDArray[np.float64]:
        """Per row of ``vectors``, the shift of each category's score the district's
        examples give (zeros in a district without examples)."""
        result = np.zeros((vectors.shape[0], self._size), dtype=np.float64)
        if not vectors.shape[0]:
            return result
        memory = self._of(district or "")
        if memory is None:
            return result
        sims = np.asarray((vectors @ memory.vectors.T).todense(), dtype=np.float64)
        sims = np.where(sims >= EXAMPLE_FLOOR, sims, 0.0)
        evidence = sims**2 * memory.weights[np.newaxis, :]
        # Example by example, in their order (as a loop over them would add them).
        np.add.at(result.T, memory.categories, evidence.T)
        shift: npt.NDArray[np.float64] = EXAMPLE_PULL * np.tanh(result)
        return shift
