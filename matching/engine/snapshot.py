"""A matching index saved once as plain files, and opened by memory mapping in every process.

A snapshot is a directory: one ``.npy`` file per array (the offerings' and partners'
arrays, the offerings' text vectors, the category model's matrices and the catalogue
classifier's coefficients, sparse matrices as their three CSR arrays; the offerings' and
partners' own facts as JSON lines in a byte array, decoded one by one when a match is
explained or a partner changes), one ``facts.json`` (the standard, places, partners'
codes and statuses, examples, vocabularies, offering and partner codes, shapes), and
``manifest.json``, written last, with each file's size and SHA-256. Nothing is pickled:
arrays are opened with ``allow_pickle=False`` and the facts are plain JSON.

Given the texts of the needs it will rank (the open ones), a snapshot also keeps their
clauses cut into words (``text.cuts``, lines of ``clause<TAB>word word``), as a process
that opens it cuts them (:func:`matching.engine.text.cuts_for`): such a process ranks
those needs without loading the segmenter's dictionary, a quarter of a second each.

:func:`save` writes into a temporary directory beside the target and renames it into
place, so a snapshot is either complete or absent. :func:`load` checks the manifest
before using anything and raises :class:`SnapshotError` for a missing, partial or
corrupt snapshot, which the caller rebuilds. The arrays of a loaded index are read-only
views of the files: processes opening the same snapshot share their pages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.engine import text as textmod
from matching.engine.categories import CategoryModel
from matching.engine.classifier import CatalogueClassifier
from matching.engine.ranking import IndexParts, MatchIndex, segmenter_words
from matching.engine.rows import LazyRows, encode_lines
from matching.engine.types import (
    CategoryDef,
    OfferingFacts,
    PartnerFacts,
    Place,
    Slot,
    Standard,
    TextExample,
)

FORMAT = 5
MANIFEST = "manifest.json"
FACTS = "facts.json"
_SPARSE_MODEL = ("centroids", "definitions", "exclusions", "centroids_t", "descriptions_t")


class SnapshotError(Exception):
    """The snapshot cannot be used: missing, partial, corrupt or of another format."""


# ---------------------------------------------------------------------- facts as JSON
def _date(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _offering_json(o: OfferingFacts) -> list[Any]:
    return [
        o.code,
        o.partner,
        o.title,
        o.description,
        o.category,
        sorted(o.tags),
        sorted(o.modes),
        sorted(o.area_codes),
        o.radius_km,
        sorted(o.beneficiaries),
        o.capacity,
        o.capacity_left,
        o.unit,
        [[s.weekday, s.start, s.end] for s in o.availability],
        _date(o.valid_from),
        _date(o.valid_until),
        o.cost,
    ]


def _partner_json(p: PartnerFacts) -> list[Any]:
    return [p.code, p.name, p.status, p.kind, p.lat, p.lng, p.reliability, p.load]


def _partner(row: list[Any]) -> PartnerFacts:
    return PartnerFacts(*row)


def _offering(row: list[Any]) -> OfferingFacts:
    return OfferingFacts(
        code=row[0],
        partner=row[1],
        title=row[2],
        description=row[3],
        category=row[4],
        tags=frozenset(row[5]),
        modes=frozenset(row[6]),
        area_codes=frozenset(row[7]),
        radius_km=row[8],
        beneficiaries=frozenset(row[9]),
        capacity=row[10],
        capacity_left=row[11],
        unit=row[12],
        availability=tuple(Slot(*slot) for slot in row[13]),
        valid_from=_day(row[14]),
        valid_until=_day(row[15]),
        cost=row[16],
    )


def _category_json(c: CategoryDef) -> dict[str, Any]:
    return {
        "code": c.code,
        "name_zh": c.name_zh,
        "name_en": c.name_en,
        "related": sorted(c.related),
        "typical_beneficiaries": sorted(c.typical_beneficiaries),
        "typical_modes": sorted(c.typical_modes),
        "covers": list(c.covers),
        "excludes": list(c.excludes),
        "situations": list(c.situations),
        "keywords": list(c.keywords),
    }


def _category(d: dict[str, Any]) -> CategoryDef:
    return CategoryDef(
        code=d["code"],
        name_zh=d["name_zh"],
        name_en=d["name_en"],
        related=frozenset(d["related"]),
        typical_beneficiaries=frozenset(d["typical_beneficiaries"]),
        typical_modes=frozenset(d["typical_modes"]),
        covers=tuple(d["covers"]),
        excludes=tuple(d["excludes"]),
        situations=tuple(d["situations"]),
        keywords=tuple(d["keywords"]),
    )


def _standard_json(standard: Standard) -> dict[str, Any]:
    return {
        "categories": [_category_json(c) for c in standard.categories],
        "beneficiary_names": standard.beneficiary_names,
        "mode_names": standard.mode_names,
        "mode_cues": {k: list(v) for k, v in standard.mode_cues.items()},
        "beneficiary_cues": {k: list(v) for k, v in standard.beneficiary_cues.items()},
    }


def _standard(d: dict[str, Any]) -> Standard:
    return Standard(
        categories=tuple(_category(c) for c in d["categories"]),
        beneficiary_names=dict(d["beneficiary_names"]),
        mode_names=dict(d["mode_names"]),
        mode_cues={k: tuple(v) for k, v in d["mode_cues"].items()},
        beneficiary_cues={k: tuple(v) for k, v in d["beneficiary_cues"].items()},
    )


def _words(vectorizer: textmod.Vectorizer) -> list[str]:
    """A vocabulary's features in column order."""
    return sorted(vectorizer.vocabulary, key=vectorizer.vocabulary.__getitem__)


def _facts_json(parts: IndexParts) -> dict[str, Any]:
    model = parts.model
    vocabulary = _words(model.vectorizer)
    return {
        "format": FORMAT,
        "standard": _standard_json(parts.standard),
        "places": [[p.code, p.name, p.level, p.parent, p.lat, p.lng] for p in parts.places],
        # Partners' facts are JSON lines among the arrays; here their codes, and the
        # names of their statuses (partners.status holds each one's place in it).
        "partners": list(parts.partner_list),
        "partner_statuses": _status_names(parts),
        "codes": list(parts.codes),
        "partner_codes": list(parts.partner_codes),
        "areas": list(parts.area_members),
        "words": list(parts.words),
        "examples": [[e.text, e.category, e.district, e.weight] for e in parts.examples],
        "beneficiary_bit": parts.beneficiary_bit,
        "groups_exact": parts.groups_exact,
        "model": {
            "codes": list(model.codes),
            "vocabulary": vocabulary,
            "classifier_vocabulary": (
                None if model.classifier is None else _words(model.classifier.vectorizer)
            ),
            "classifier_characters": (
                model.classifier is not None and model.classifier.vectorizer.characters
            ),
            "typical_beneficiaries": [sorted(g) for g in model.typical_beneficiaries],
            "typical_modes": [sorted(g) for g in model.typical_modes],
        },
        "shapes": {},
    }


# ---------------------------------------------------------------------- arrays
def _arrays(parts: IndexParts, shapes: dict[str, list[int]]) -> dict[str, npt.NDArray[Any]]:
    """Every array of the snapshot by file stem; sparse matrices' shapes go to ``shapes``."""
    arrays: dict[str, npt.NDArray[Any]] = {
        f"offerings.{name}": np.ascontiguousarray(a) for name, a in parts.arrays.items()
    }
    model = parts.model
    arrays["model.idf"] = model.vectorizer.idf
    arrays["model.similarity"] = parts.similarity
    arrays["model.feature_weights"] = model.feature_weights
    arrays["model.reading_weights"] = model.reading_weights
    if model.classifier is not None:
        arrays["classifier.idf"] = model.classifier.vectorizer.idf
        arrays["classifier.coef_t"] = model.classifier.coef_t
        arrays["classifier.intercept"] = model.classifier.intercept
    # The offerings' and partners' facts as JSON lines, decoded one by one when used
    # (LazyRows); the partners' attributes as arrays.
    arrays["offerings.facts"], arrays["offerings.facts_at"] = encode_lines(
        [_offering_json(o) for o in parts.offerings]
    )
    arrays["partners.facts"], arrays["partners.facts_at"] = encode_lines(
        [_partner_json(p) for p in parts.partners]
    )
    names = {name: k for k, name in enumerate(_status_names(parts))}
    arrays["partners.status"] = np.array([names[s] for s in parts.partner_status], dtype=np.int16)
    for name, array in parts.partner_arrays.items():
        arrays[f"partners.{name}"] = np.ascontiguousarray(array)
    # Each area code's offerings, one after another (areas.at marks where each begins).
    members = list(parts.area_members.values())
    arrays["areas.rows"] = (
        np.concatenate(members).astype(np.int64) if members else np.zeros(0, dtype=np.int64)
    )
    arrays["areas.at"] = np.concatenate([[0], np.cumsum([len(m) for m in members])]).astype(
        np.int64
    )
    sparse: dict[str, sp.csr_matrix | None] = {"offerings.vectors": parts.vectors}
    sparse.update({f"model.{name}": getattr(model, name) for name in _SPARSE_MODEL})
    for stem, matrix in sparse.items():
        if matrix is None:
            continue
        csr = sp.csr_matrix(matrix)
        shapes[stem] = [int(csr.shape[0]), int(csr.shape[1])]
        arrays[f"{stem}.data"] = csr.data
        arrays[f"{stem}.indices"] = csr.indices
        arrays[f"{stem}.indptr"] = csr.indptr
    return arrays


def _cuts_array(cuts: Mapping[str, tuple[str, ...]]) -> npt.NDArray[np.uint8]:
    """Clauses and their words as UTF-8 lines ``clause<TAB>word word``: a clause is a
    run of Chinese characters, so neither it nor its words hold a tab, space or newline."""
    text = "\n".join(f"{clause}\t{' '.join(words)}" for clause, words in cuts.items())
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _read_cuts(array: npt.NDArray[np.uint8]) -> dict[str, tuple[str, ...]]:
    cuts: dict[str, tuple[str, ...]] = {}
    text = array.tobytes().decode("utf-8")
    for line in text.split("\n") if text else ():
        clause, _, words = line.partition("\t")
        cuts[clause] = tuple(words.split(" ")) if words else ()
    return cuts


def _status_names(parts: IndexParts) -> list[str]:
    """The partners' statuses, each once: ``partners.status`` holds a place in them."""
    return sorted(set(parts.partner_status))


def _sparse(arrays: dict[str, npt.NDArray[Any]], shapes: dict[str, Any], stem: str) -> Any:
    if stem not in shapes:
        return None
    return sp.csr_matrix(
        (arrays[f"{stem}.data"], arrays[f"{stem}.indices"], arrays[f"{stem}.indptr"]),
        shape=tuple(shapes[stem]),
        copy=False,
    )


def disk_bytes(path: Path) -> int:
    """The bytes the snapshot at ``path`` takes on disk."""
    return sum(f.stat().st_size for f in Path(path).iterdir() if f.is_file())


def _digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# ---------------------------------------------------------------------- save and load
def save(
    index: MatchIndex,
    path: Path,
    *,
    meta: dict[str, Any] | None = None,
    texts: Iterable[str] = (),
) -> bool:
    """Write ``index`` as a snapshot at ``path``; ``meta`` is kept in the manifest, and
    the clauses of ``texts`` (the needs to be ranked) are kept cut.

    Returns False, writing nothing, when a snapshot is already there (another process
    saved it first). The snapshot appears whole or not at all.
    """
    path = Path(path)
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = index.parts()
    facts = _facts_json(parts)
    arrays = _arrays(parts, facts["shapes"])
    taught, cuts = textmod.cuts_for(texts, segmenter_words(parts.standard, parts.words))
    facts["cuts_taught"] = list(taught)
    arrays["text.cuts"] = _cuts_array(cuts)
    work = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        files: dict[str, dict[str, Any]] = {}
        for stem, array in arrays.items():
            name = f"{stem}.npy"
            np.save(work / name, np.ascontiguousarray(array), allow_pickle=False)
        (work / FACTS).write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
        for name in sorted(p.name for p in work.iterdir()):
            files[name] = {"bytes": (work / name).stat().st_size, "sha256": _digest(work / name)}
        manifest = {"format": FORMAT, "files": files, "meta": meta or {}}
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        for name in (*files, MANIFEST):
            fd = os.open(work / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        try:
            work.rename(path)
        except OSError:
            if path.exists():  # saved meanwhile by another process: theirs stands
                return False
            raise
        return True
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)


def manifest(path: Path) -> dict[str, Any]:
    """The snapshot's manifest; :class:`SnapshotError` when absent or unreadable."""
    try:
        data = json.loads((Path(path) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SnapshotError(f"{path}: no readable {MANIFEST} ({error})") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SnapshotError(f"{path}: {MANIFEST} is not of format {FORMAT}")
    return data


def verify(path: Path) -> dict[str, Any]:
    """The manifest, once every file it lists has its recorded size and SHA-256;
    :class:`SnapshotError` naming the first file that does not."""
    path = Path(path)
    data = manifest(path)
    for name, expected in data["files"].items():
        file = path / name
        try:
            size = file.stat().st_size
        except OSError as error:
            raise SnapshotError(f"{path}: {name} is missing") from error
        if size != expected["bytes"]:
            raise SnapshotError(f"{path}: {name} has {size} bytes, {expected['bytes']} expected")
    # Hashing releases the interpreter's lock: the files, largest first, are read and
    # hashed on the machine's cores at once (a city's half a gigabyte in about 0.2 s on
    # two cores, 0.43 s one file after another).
    names = sorted(data["files"], key=lambda name: -int(data["files"][name]["bytes"]))
    with ThreadPoolExecutor(max_workers=min(len(names), os.cpu_count() or 1) or 1) as pool:
        digests = list(pool.map(lambda name: _digest(path / name), names))
    for name, digest in zip(names, digests, strict=True):
        if digest != data["files"][name]["sha256"]:
            raise SnapshotError(f"{path}: {name} does not match its checksum")
    return data


def load(path: Path) -> MatchIndex:
    """The index saved at ``path``, its arrays memory-mapped read-only.

    Raises :class:`SnapshotError` when the snapshot is missing, partial or corrupt
    (checked against its manifest before anything is used).
    """
    path = Path(path)
    data = verify(path)
    try:
        facts = json.loads((path / FACTS).read_text(encoding="utf-8"))
        # Plain array views of the maps: the same shared, read-only pages, without the
        # memmap subclass's cost on every index into them (ranking and coverage index
        # them millions of times).
        arrays = {
            name[: -len(".npy")]: np.asarray(
                np.load(path / name, mmap_mode="r", allow_pickle=False)
            )
            for name in data["files"]
            if name.endswith(".npy")
        }
        index = _assemble(facts, arrays)
        if "text.cuts" in arrays:
            # Opening the index taught the segmenter its words; in a process that has
            # taught nothing else, the clauses cut when it was saved are cut alike.
            cuts = arrays["text.cuts"]
            textmod.use_cuts(lambda: _read_cuts(cuts), facts["cuts_taught"])
        return index
    except (OSError, KeyError, ValueError, TypeError, IndexError) as error:
        # OSError: deleted meanwhile (only the newest snapshots are kept).
        raise SnapshotError(f"{path}: cannot be read ({error})") from error


def _classifier(
    vocabulary: list[str] | None, characters: bool, arrays: dict[str, npt.NDArray[Any]]
) -> CatalogueClassifier | None:
    if vocabulary is None:
        return None
    idf = arrays["classifier.idf"]
    coef_t = arrays["classifier.coef_t"]
    if not len(vocabulary) == len(idf) == coef_t.shape[0]:
        raise SnapshotError(f"{FACTS} and the classifier's arrays disagree on its vocabulary")
    return CatalogueClassifier(
        vectorizer=textmod.Vectorizer(
            vocabulary={word: i for i, word in enumerate(vocabulary)},
            idf=idf,
            characters=characters,
        ),
        coef_t=coef_t,
        intercept=arrays["classifier.intercept"],
    )


def _assemble(facts: dict[str, Any], arrays: dict[str, npt.NDArray[Any]]) -> MatchIndex:
    if facts.get("format") != FORMAT:
        raise SnapshotError(f"{FACTS} is not of format {FORMAT}")
    shapes = facts["shapes"]
    model_facts = facts["model"]
    vocabulary = {word: i for i, word in enumerate(model_facts["vocabulary"])}
    vectorizer = textmod.Vectorizer(vocabulary=vocabulary, idf=arrays["model.idf"])
    model = CategoryModel(
        codes=tuple(model_facts["codes"]),
        vectorizer=vectorizer,
        centroids=_sparse(arrays, shapes, "model.centroids"),
        feature_weights=arrays["model.feature_weights"],
        typical_beneficiaries=tuple(frozenset(g) for g in model_facts["typical_beneficiaries"]),
        typical_modes=tuple(frozenset(g) for g in model_facts["typical_modes"]),
        definitions=_sparse(arrays, shapes, "model.definitions"),
        exclusions=_sparse(arrays, shapes, "model.exclusions"),
        centroids_t=_sparse(arrays, shapes, "model.centroids_t"),
        descriptions_t=_sparse(arrays, shapes, "model.descriptions_t"),
        reading_weights=arrays["model.reading_weights"],
        classifier=_classifier(
            model_facts.get("classifier_vocabulary"),
            bool(model_facts.get("classifier_characters")),
            arrays,
        ),
    )
    prefix = "offerings."
    offering_arrays = {
        stem[len(prefix) :]: array
        for stem, array in arrays.items()
        if stem.startswith(prefix)
        and not stem.startswith(f"{prefix}vectors.")
        and stem not in ("offerings.facts", "offerings.facts_at")
    }
    partner_columns = {
        stem[len("partners.") :]: array
        for stem, array in arrays.items()
        if stem.startswith("partners.")
        and stem not in ("partners.facts", "partners.facts_at", "partners.status")
    }
    statuses = facts["partner_statuses"]
    partner_status = tuple(statuses[k] for k in arrays["partners.status"].tolist())
    partner_list = tuple(facts["partners"])
    if not len(partner_list) == len(partner_status) == len(arrays["partners.facts_at"]) - 1:
        raise SnapshotError(f"{FACTS} and the partners' arrays disagree on their number")
    at = arrays["areas.at"]
    rows = arrays["areas.rows"]
    areas = facts["areas"]
    if len(at) != len(areas) + 1:
        raise SnapshotError(f"{FACTS} lists {len(areas)} areas, the arrays {len(at) - 1}")
    parts = IndexParts(
        standard=_standard(facts["standard"]),
        places=tuple(Place(*row) for row in facts["places"]),
        partners=LazyRows(arrays["partners.facts"], arrays["partners.facts_at"], _partner),
        offerings=LazyRows(arrays["offerings.facts"], arrays["offerings.facts_at"], _offering),
        examples=tuple(TextExample(*row) for row in facts["examples"]),
        model=model,
        beneficiary_bit={k: int(v) for k, v in facts["beneficiary_bit"].items()},
        groups_exact=bool(facts.get("groups_exact", False)),
        arrays=offering_arrays,
        vectors=_sparse(arrays, shapes, "offerings.vectors"),
        codes=tuple(facts["codes"]),
        partner_codes=tuple(facts["partner_codes"]),
        area_members={code: rows[at[k] : at[k + 1]] for k, code in enumerate(areas)},
        words=tuple(facts["words"]),
        similarity=arrays["model.similarity"],
        partner_list=partner_list,
        partner_status=partner_status,
        partner_arrays=partner_columns,
    )
    return MatchIndex.from_parts(parts)
