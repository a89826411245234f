"""HTML with selectolax: the page's main content as headings, paragraphs, lists, tables, quotes.

Boilerplate is recognised by what the markup says it is, never by wording: the main content is
`<main>` / `role="main"`, else the largest `<article>`, else the body; navigation, banners,
footers, asides, forms, scripts and hidden elements are left out.
"""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from ingest.formats.pieces import Piece, PieceKind, piece, read_text_file

DROP = (
    "script, style, noscript, template, svg, canvas, iframe, button, select, textarea, form, "
    "nav, aside, footer, [role=navigation], [role=banner], [role=contentinfo], "
    "[role=complementary], [role=search], [aria-hidden=true], [hidden]"
)
OUTSIDE_MAIN = "header"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LISTS = {"ul", "ol"}
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "label",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    "wbr", "img", "br", "del", "ins", "font",
}  # fmt: skip


def _text(node: Node) -> str:
    if node.tag == "img":
        return node.attributes.get("alt") or ""
    if node.tag == "br":
        return " "
    if node.tag == "-text":
        return node.text_content or ""
    return "".join(_text(child) for child in node.iter(include_text=True))


def _main(tree: HTMLParser) -> Node | None:
    found = tree.css_first("main, [role=main]")
    if found is not None:
        return found
    articles = tree.css("article")
    if articles:
        return max(articles, key=lambda a: len(a.text(strip=True)))
    return tree.body


class _Walker:
    def __init__(self) -> None:
        self.pieces: list[Piece | None] = []

    def add(self, kind: PieceKind, text: str, level: int = 0, marker: str = "-") -> None:
        self.pieces.append(piece(kind, text, level, marker))

    def block(self, node: Node, quote: bool = False) -> None:
        """Walk a container: runs of inline content become paragraphs, blocks their pieces."""
        run: list[str] = []

        def flush() -> None:
            if run:
                self.add("quote" if quote else "paragraph", "".join(run))
                run.clear()

        for child in node.iter(include_text=True):
            tag = child.tag or ""
            if tag == "-text" or tag in INLINE:
                run.append(_text(child))
                continue
            if tag.startswith("-"):  # comments and doctype
                continue
            flush()
            if tag in HEADINGS:
                self.add("heading", _text(child), int(tag[1]))
            elif tag in LISTS:
                self.list(child, 0)
            elif tag == "table":
                self.table(child)
            elif tag == "blockquote":
                self.block(child, quote=True)
            elif tag in ("p", "pre", "dt", "dd", "figcaption", "caption", "summary"):
                self.add("quote" if quote else "paragraph", _text(child))
            else:
                self.block(child, quote)
        flush()

    def list(self, node: Node, depth: int) -> None:
        ordered = node.tag == "ol"
        number = int(node.attributes.get("start") or 1) if ordered else 0
        for item in node.iter():
            if item.tag != "li":
                if item.tag in LISTS:
                    self.list(item, depth + 1)
                continue
            own = [c for c in item.iter(include_text=True) if c.tag not in LISTS]
            marker = f"{number}." if ordered else "-"
            self.add("item", " ".join(_text(c) for c in own), depth, marker)
            number += 1
            for sub in item.iter():
                if sub.tag in LISTS:
                    self.list(sub, depth + 1)

    def table(self, node: Node) -> None:
        rows = [
            " | ".join(_text(cell) for cell in row.iter() if cell.tag in ("td", "th"))
            for row in node.css("tr")
        ]
        self.add("table", "\n".join(rows))


def html_pieces(html: str) -> list[Piece]:
    """Pieces of an HTML page's main content."""
    tree = HTMLParser(html)
    for node in tree.css(DROP):
        node.decompose()
    main = _main(tree)
    if main is None:
        return []
    if main.tag in ("body", "html"):
        for node in main.css(OUTSIDE_MAIN):
            node.decompose()
    walker = _Walker()
    walker.block(main)
    return [p for p in walker.pieces if p is not None]


def read_html(path: Path) -> list[Piece]:
    return html_pieces(read_text_file(path.read_bytes()))
