"""Reading a knowledge-base folder: the YAML files (parsed only here, and only on a cache miss or a
`kb validate`), each file and entry validated with pydantic so that every problem is reported at once,
the transcript and gene models they name, then the cross-file checks of `validate.py`. A KB that
passed is kept compiled (`cache.py`); later loads of the same content read that instead.

YAML is read with `safe_load` semantics only (no Python tags)."""

# (no `from __future__ import annotations`: pydantic would then evaluate every annotation string)

import hashlib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import KnowledgeBaseError
from .base import KBFiles, KnowledgeBase
from .cache import read_cache, write_cache

KB_FILES = (
    "kb.yaml",
    "drugs.yaml",
    "references.yaml",
    "definitions.yaml",
    "mutations.yaml",
    "compounds.yaml",
    "bypass.yaml",
    "fusions.yaml",
    "hotspots.yaml",
    "recommendations.yaml",
    "conventions.yaml",
    "uncurated_resistance.yaml",
)

EXTRA_KEYS = {"mutations.yaml": ("resistance_without_profile",)}
"""top-level keys a file may hold beside the one named for it"""


# files that releases before 2.0.0 do not have: an old release read to compare with (kb diff) does
# without them; a current knowledge base must have them (conventions are checked against CONVENTIONS_USED)
ADDED_IN_2_0: dict[str, Any] = {"conventions.yaml": {}, "uncurated_resistance.yaml": []}


def default_kb_path() -> Path:
    """The knowledge base shipped with the package (wheel) or beside it (source checkout)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "knowledgebase", here.parent / "knowledgebase"):
        if (candidate / "kb.yaml").is_file():
            return candidate
    raise KnowledgeBaseError(here / "knowledgebase", ["the packaged knowledge base is missing (kb.yaml not found)"])


def kb_sha256(path: Path) -> str:
    """Content hash over the KB's data files (names and bytes), so any edit changes it."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*.yaml") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_yaml(file: Path, problems: list[str]) -> Any:
    import yaml  # here, not at the top: a knowledge base read from the compiled cache needs no YAML

    from .. import safeyaml

    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{file.name}: file is missing")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{file.name}: cannot be read ({exc.__class__.__name__})")
        return None
    try:
        return safeyaml.load(text)  # safe loader; refuses deep nesting and repeated keys
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(f"{file.name}{where}: not valid YAML ({problem})")
        return None


def _pydantic_problems(file: str, exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        out.append(f"{file}: {loc}: {err['msg']}")
    return out


def _load_documents(path: Path, problems: list[str], curation: bool = True) -> dict[str, Any]:
    docs: dict[str, Any] = {}
    for name in KB_FILES:
        if not curation and name in ADDED_IN_2_0 and not (path / name).exists():
            docs[name.removesuffix(".yaml")] = ADDED_IN_2_0[name]
            continue
        data = _read_yaml(path / name, problems)
        if data is None:
            continue
        key = name.removesuffix(".yaml")
        if not isinstance(data, dict) or key not in data:
            problems.append(f"{name}: expected a mapping with top-level key '{key}'")
            continue
        docs[key] = data[key]
        extra = EXTRA_KEYS.get(name, ())
        for other in extra:
            if other in data:
                docs[other] = data[other]
        for unknown in sorted(set(data) - {key, *extra}, key=str):
            problems.append(f"{name}: unknown top-level key {unknown!r}")
    return docs


def _validate_parts(docs: dict[str, Any], problems: list[str]) -> KBFiles | None:
    """Validate each file, and each entry of a list or mapping on its own, so that every problem in
    every file is reported at once; cross-checks then run over the entries that are well formed."""
    # only a KB read from YAML is validated; a cached one is not
    from pydantic import TypeAdapter

    parts: dict[str, Any] = {}
    fields = KBFiles.model_fields
    for key, value in docs.items():
        annotation: Any = fields[key].annotation  # every KBFiles field is annotated: a model, list or dict
        try:
            parts[key] = TypeAdapter(annotation).validate_python(value)
            continue
        except ValidationError as exc:
            if not isinstance(value, (list, dict)) or (
                isinstance(annotation, type) and issubclass(annotation, BaseModel)
            ):
                problems.extend(_pydantic_problems(f"{key}.yaml", exc))
                continue
        item_type = annotation.__args__[-1]  # list[X] or dict[str, X]
        adapter = TypeAdapter(item_type)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        kept: Any = {} if isinstance(value, dict) else []
        for name, item in items:
            try:
                good = adapter.validate_python(item)
            except ValidationError as exc:
                label = item.get("id", name) if isinstance(item, dict) else name
                problems.extend(_pydantic_problems(f"{key}.yaml: {label}", exc))
                continue
            if isinstance(kept, dict):
                kept[name] = good
            else:
                kept.append(good)
        parts[key] = kept
    required = {k for k, f in fields.items() if f.is_required()}
    if not required <= set(parts):
        return None
    return KBFiles(**parts)


def load_transcripts(path: Path, defs_transcripts: dict[str, str], problems: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for gene, rel in defs_transcripts.items():
        data = _read_yaml(path / rel, problems)
        if isinstance(data, dict):
            # sequences are wrapped over several YAML lines; white space is not part of them
            data["protein"] = "".join(str(data.get("protein", "")).split())
            if isinstance(data.get("cds_sequence"), dict):
                data["cds_sequence"]["sequence"] = "".join(str(data["cds_sequence"].get("sequence", "")).split())
            out[gene] = data
        elif data is not None:
            problems.append(f"{rel}: expected a mapping")
    return out


def _read_gene_models(
    root: Path, rel: str, need: set[str], need_text: str, *, span: str, problems: list[str]
) -> dict[str, dict[str, Any]]:
    """A gene-model file (`genes:` gene → document with `need`, and per build chrom, `span` and exons);
    returns gene → document for the genes that have the keys."""
    models: dict[str, dict[str, Any]] = {}
    data = _read_yaml(root / rel, problems)
    if isinstance(data, dict) and isinstance(data.get("genes"), dict):
        for gene, doc in data["genes"].items():
            if not isinstance(doc, dict) or not need <= set(doc):
                problems.append(f"{rel}: {gene}: needs {need_text}")
                continue
            if not isinstance(doc["builds"], dict):
                problems.append(f"{rel}: {gene}: builds must map each build to its model")
                continue
            for build, b in doc["builds"].items():
                if not isinstance(b, dict) or not b.get("exons") or not b.get(span) or "chrom" not in b:
                    problems.append(f"{rel}: {gene} {build}: needs chrom, {span} and exons")
            models[str(gene)] = doc
    elif data is not None:
        problems.append(f"{rel}: expected a mapping with top-level key 'genes'")
    return models


def _fusion_gene_models(root: Path, files: KBFiles, problems: list[str]) -> dict[str, dict[str, Any]]:
    """fusions.gene_models: the exon models of the partner and bypass genes (gene → document)."""
    return _read_gene_models(
        root,
        files.fusions.gene_models,
        {"transcript", "strand", "builds"},
        "transcript, strand and builds",
        span="gene_span",
        problems=problems,
    )


def _bypass_transcript_models(root: Path, files: KBFiles, problems: list[str]) -> dict[str, dict[str, Any]]:
    """bypass.transcript_models: one ALK.yaml-style document per gene (gene → document); none when unset."""
    rel = files.bypass.transcript_models
    if not rel:
        return {}
    need = {"gene", "refseq", "strand", "cds_length", "builds"}
    return _read_gene_models(root, rel, need, ", ".join(sorted(need)), span="cds_span", problems=problems)


def validate_knowledgebase(
    path: str | Path | None = None, curation: bool = True
) -> tuple[KnowledgeBase | None, list[str]]:
    """Check a KB directory; returns the loaded KB (None if unusable) and every problem found.

    curation=False skips the curation rules of KB 2.0 (statements and evidence types, levels that fit
    them, compound members as entries), so that an older release can be read to compare with (kb diff);
    everything a report depends on is still checked."""
    root = Path(path) if path is not None else default_kb_path()
    problems: list[str] = []
    if not root.is_dir():
        return None, [f"{root}: not a knowledge-base directory"]
    docs = _load_documents(root, problems, curation)
    files = _validate_parts(docs, problems)
    if files is None:
        return None, problems
    # a file that failed as a whole cannot be cross-checked; one whose entries failed one by one can
    transcripts = load_transcripts(root, files.definitions.transcripts, problems)
    from .validate import check_bypass_models, check_fusions, cross_check  # only when YAML is read

    cross_check(files, transcripts, problems, curation)
    fusion_genes = _fusion_gene_models(root, files, problems)
    check_fusions(files, fusion_genes, problems)
    bypass_models = _bypass_transcript_models(root, files, problems)
    check_bypass_models(files, bypass_models, problems)
    if problems:
        return None, problems
    return KnowledgeBase(
        root, files, kb_sha256(root), transcripts, fusion_genes=fusion_genes, bypass_models=bypass_models
    ), []


def load_knowledgebase(path: str | Path | None = None, curation: bool = True) -> KnowledgeBase:
    """Load and validate a KB (the packaged one by default); raises KnowledgeBaseError listing all problems.

    A KB that validated once is kept compiled in the user's cache (see `cache.kb_cache_dir`), keyed by its
    content hash: later loads of the same content skip YAML parsing and validation."""
    root = Path(path) if path is not None else default_kb_path()
    if root.is_dir():
        sha = kb_sha256(root)
        cached = read_cache(sha)  # only a fully validated KB is ever cached
        if cached is not None:
            cached.path = root
            return cached
    kb, problems = validate_knowledgebase(root) if curation else validate_knowledgebase(root, curation=False)
    if kb is None:
        raise KnowledgeBaseError(root, problems)
    if curation:
        write_cache(kb)
    return kb
