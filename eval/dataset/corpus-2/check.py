# ruff: noqa: E501  (kept as shared/corpus-2 ships it, but for the paths to the documents)
"""Check corpus-2: the manifest, the documents' text and every evaluation item.

Run from anywhere (Python 3.10+):

    python3 -m venv .venv-check && .venv-check/bin/pip install pyyaml pypdf python-docx beautifulsoup4
    .venv-check/bin/python check.py              # exit 0 when every check passes
    .venv-check/bin/python check.py --dump DIR   # also write each document's extracted text to DIR

Text is extracted the way an ingest pipeline would read each format: Markdown as the file's
text, HTML with BeautifulSoup's get_text(), PDF with pypdf (pages joined by a newline), DOCX
with python-docx (paragraphs, then table cells). A gold quote must occur in that text once
whitespace is collapsed (runs of spaces, tabs and line breaks become one space); nothing else
is normalised. Every key fact must be stated (one alias at least, case-insensitive, on word
boundaries) by one of the item's gold quotes. A quote from a Markdown file must carry no
Markdown markup (link brackets, emphasis, code, headings, "--"), so that it stays verbatim
whether ingest keeps, renders or strips the Markdown.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

import docx
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
# In the project the documents live in corpus-2/ at the top level, the questions beside this file.
DOCS = HERE.parents[2] / "corpus-2"
MANIFEST = DOCS / "manifest.yaml"
QUESTIONS = HERE / "questions.jsonl"

FIELDS = [
    "id",
    "kind",
    "turns",
    "answerable",
    "gold_evidence",
    "key_facts",
    "forbidden_facts",
    "reference_answer",
    "tags",
    "corpus",
    "canaries",
]
# The project widened the shipped kinds (list, summary, comparison, timeline items were tagged
# `factual`/`multi_doc`) and records each item's dev/test split as a last field.
KINDS = {
    "factual",
    "multi_doc",
    "unanswerable",
    "injection",
    "follow_up",
    "paraphrase",
    "summary",
    "list",
    "timeline",
    "comparison",
}
OPTIONAL_FIELDS = ["split"]
SPLITS = {"dev", "test"}
DOC_FIELDS = {"id", "file", "title", "publisher", "date", "kind", "about", "licence", "source"}
OPTIONAL_DOC_FIELDS = {"author", "date_note", "format_note"}
ID_RE = re.compile(r"^c2-[a-z]+-[0-9]{3}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
FORMAT_MINIMUMS = {".md": 2, ".html": 2, ".pdf": 2, ".docx": 1}
TOTAL_CHARS = (60_000, 200_000)
ITEM_COUNT = (70, 140)
# Link brackets, emphasis, code, headings, "--" dashes: a quote from a Markdown file must be
# plain text, so that it is still verbatim after ingest renders or strips the Markdown.
MARKUP = re.compile(r"[\[\]*`#_]|--|\]\(")


def extract(path: Path) -> str:
    """The document's text, as an ingest pipeline reads its format."""
    suffix = path.suffix.lower()
    if suffix in {".md", ".txt"}:
        return path.read_text(encoding="utf-8")
    if suffix in {".html", ".htm"}:
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
    if suffix == ".pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if suffix == ".docx":
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    raise ValueError(f"{path.name}: no extractor for {suffix}")


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def states(quote: str, alias: str) -> bool:
    """Whether the alias occurs in the quote, case-insensitively, on word boundaries."""
    pattern = r"(?<!\w)" + re.escape(squash(alias).lower()) + r"(?!\w)"
    return re.search(pattern, squash(quote).lower()) is not None


def check_manifest(errors: list[str]) -> dict[str, str]:
    """Every document's fields and file; returns doc id -> squashed text."""
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    formats: Counter[str] = Counter()
    total = 0
    print(f"{'document':46} {'format':6} {'chars':>7}")
    for doc in manifest["documents"]:
        doc_id = doc.get("id", "?")
        missing = DOC_FIELDS - doc.keys()
        extra = doc.keys() - DOC_FIELDS - OPTIONAL_DOC_FIELDS
        if missing:
            errors.append(f"manifest {doc_id}: missing {sorted(missing)}")
        if extra:
            errors.append(f"manifest {doc_id}: unknown fields {sorted(extra)}")
        if not DATE_RE.match(str(doc.get("date", ""))):
            errors.append(f"manifest {doc_id}: date {doc.get('date')!r} is not ISO 8601")
        if doc_id in texts:
            errors.append(f"manifest: duplicate id {doc_id}")
        path = DOCS / doc.get("file", "")
        if not path.is_file():
            errors.append(f"manifest {doc_id}: no file {path.name}")
            continue
        text = extract(path)
        texts[doc_id] = squash(text)
        formats[path.suffix.lower()] += 1
        total += len(text)
        print(f"{doc_id:46} {path.suffix[1:]:6} {len(text):7,}")
    print(f"{len(texts)} documents, {total:,} characters of text; formats {dict(formats)}")
    if not 7 <= len(texts) <= 10:
        errors.append(f"manifest: {len(texts)} documents (want 7-10)")
    if not TOTAL_CHARS[0] <= total <= TOTAL_CHARS[1]:
        errors.append(f"corpus: {total:,} characters (want {TOTAL_CHARS[0]:,}-{TOTAL_CHARS[1]:,})")
    for suffix, minimum in FORMAT_MINIMUMS.items():
        if formats[suffix] < minimum:
            errors.append(f"corpus: {formats[suffix]} {suffix} files (want at least {minimum})")
    return texts


def check_item(
    item: dict, texts: dict[str, str], markdown: set[str], ids: set[str], errors: list[str]
) -> None:
    where = f"item {item.get('id', '?')}"
    if list(item.keys()) not in (FIELDS, FIELDS + OPTIONAL_FIELDS):
        errors.append(f"{where}: fields {list(item.keys())} (want {FIELDS} in that order)")
        return
    if "split" in item and item["split"] not in SPLITS:
        errors.append(f"{where}: split must be one of {sorted(SPLITS)}")
    if not ID_RE.match(item["id"]):
        errors.append(f"{where}: id does not match {ID_RE.pattern}")
    if item["kind"] not in KINDS:
        errors.append(f"{where}: unknown kind {item['kind']!r}")
    if item["corpus"] != "corpus-2":
        errors.append(f"{where}: corpus must be 'corpus-2'")
    if not item["turns"] or not all(isinstance(t, str) and t.strip() for t in item["turns"]):
        errors.append(f"{where}: turns must be non-empty strings")
    if item["kind"] == "follow_up" and len(item["turns"]) < 2:
        errors.append(f"{where}: a follow-up needs at least two turns")
    if item["kind"] == "paraphrase":
        originals = [t[3:] for t in item["tags"] if t.startswith("of:")]
        if not originals or any(o not in ids for o in originals):
            errors.append(f"{where}: a paraphrase names an existing original with 'of:<id>'")
    if not isinstance(item["answerable"], bool):
        errors.append(f"{where}: answerable must be true or false")
    if not item["reference_answer"].strip():
        errors.append(f"{where}: empty reference answer")
    for name in ("forbidden_facts", "tags", "canaries"):
        if not all(isinstance(s, str) and s for s in item[name]):
            errors.append(f"{where}: {name} must be non-empty strings")
    if not item["answerable"]:
        if item["key_facts"]:
            errors.append(f"{where}: an unanswerable item cannot have key facts")
        if item["gold_evidence"]:
            errors.append(f"{where}: an unanswerable item has no gold evidence")
        return
    if not item["gold_evidence"]:
        errors.append(f"{where}: an answerable item needs gold evidence")
    quotes = []
    for evidence in item["gold_evidence"]:
        if set(evidence) != {"doc_id", "quote"}:
            errors.append(f"{where}: gold evidence needs exactly doc_id and quote")
            continue
        doc_id, quote = evidence["doc_id"], evidence["quote"]
        if len(quote) < 8:
            errors.append(f"{where}: quote shorter than 8 characters: {quote!r}")
        if doc_id not in texts:
            errors.append(f"{where}: unknown document {doc_id!r}")
            continue
        if squash(quote) not in texts[doc_id]:
            errors.append(f"{where}: quote not verbatim in {doc_id}: {quote!r}")
        if doc_id in markdown and MARKUP.search(quote):
            errors.append(
                f"{where}: quote carries Markdown markup, which ingest may strip: {quote!r}"
            )
        quotes.append(quote)
    if not item["key_facts"]:
        errors.append(f"{where}: an answerable item needs key facts")
    for aliases in item["key_facts"]:
        if not aliases or not all(isinstance(a, str) and a for a in aliases):
            errors.append(f"{where}: every key fact needs at least one alias")
            continue
        if not any(states(q, a) for q in quotes for a in aliases):
            errors.append(f"{where}: no gold quote states key fact {aliases}")
    for forbidden in item["forbidden_facts"]:
        if any(states(q, forbidden) for q in quotes):
            errors.append(f"{where}: forbidden fact {forbidden!r} is in a gold quote")


def check_items(texts: dict[str, str], markdown: set[str], errors: list[str]) -> None:
    items = []
    for number, line in enumerate(QUESTIONS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            errors.append(f"questions.jsonl:{number}: {exc}")
    ids = [item.get("id") for item in items]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        errors.append(f"item {duplicate}: duplicate id")
    for item in items:
        check_item(item, texts, markdown, set(ids), errors)
    if not ITEM_COUNT[0] <= len(items) <= ITEM_COUNT[1]:
        errors.append(f"questions: {len(items)} items (want {ITEM_COUNT[0]}-{ITEM_COUNT[1]})")
    kinds = Counter(item.get("kind") for item in items)
    shapes = Counter(
        next((t for t in item.get("tags", []) if t in {"list", "summary", "premise"}), "")
        for item in items
    )
    cited = Counter(e["doc_id"] for item in items for e in item.get("gold_evidence", []))
    print(f"{len(items)} items: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print("  tagged: " + ", ".join(f"{k} {n}" for k, n in sorted(shapes.items()) if k))
    print(
        "  answerable "
        + str(sum(1 for i in items if i.get("answerable")))
        + ", unanswerable "
        + str(sum(1 for i in items if not i.get("answerable")))
    )
    print("  gold quotes per document: " + ", ".join(f"{d} {n}" for d, n in sorted(cited.items())))
    for doc_id in texts:
        if not cited[doc_id]:
            errors.append(f"questions: no gold quote from {doc_id}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, help="write each document's extracted text here")
    args = parser.parse_args()
    errors: list[str] = []
    texts = check_manifest(errors)
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    markdown = {d["id"] for d in manifest["documents"] if str(d.get("file", "")).endswith(".md")}
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for doc in manifest["documents"]:
            (args.dump / f"{doc['id']}.txt").write_text(
                extract(DOCS / doc["file"]), encoding="utf-8"
            )
    check_items(texts, markdown, errors)
    for error in errors:
        print("FAIL", error)
    print("check: " + ("passed" if not errors else f"{len(errors)} problem(s)"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
