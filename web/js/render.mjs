// Rendering answers safely: Markdown without HTML, sanitised, with [n] markers made into buttons.
import MarkdownIt from "/vendor/markdown-it.min.mjs";
import DOMPurify from "/vendor/purify.es.mjs";

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
const ALLOWED = { ALLOWED_TAGS: ["p", "ul", "ol", "li", "strong", "em", "code", "br", "blockquote"], ALLOWED_ATTR: [] };

export const REASONS = {
  not_covered: "Declined: not covered by the documents",
  off_topic: "Declined: outside what the documents cover",
  no_index: "Declined: no documents loaded yet",
  injection: "Declined: instructions to the assistant are not followed",
};

// Markdown → sanitised fragment; then each text "[n]" that matches a citation becomes a button.
export function renderAnswer(markdown, citations, onCite) {
  const template = document.createElement("template");
  template.innerHTML = DOMPurify.sanitize(md.render(markdown || ""), ALLOWED);
  const known = new Map((citations || []).map((c) => [String(c.n), c]));
  const walker = document.createTreeWalker(template.content, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const parts = node.nodeValue.split(/(\[\d+\])/);
    if (parts.length === 1) continue;
    const fragment = document.createDocumentFragment();
    for (const part of parts) {
      const match = /^\[(\d+)\]$/.exec(part);
      const citation = match && known.get(match[1]);
      if (!citation) {
        fragment.append(part);
        continue;
      }
      const button = document.createElement("button");
      button.type = "button";
      button.className = "ra-cite";
      button.textContent = `[${citation.n}]`;
      button.setAttribute("aria-label", `Source ${citation.n}: ${citation.title}, ${citation.publisher}`);
      button.addEventListener("click", () => onCite(citation));
      fragment.append(button);
    }
    node.replaceWith(fragment);
  }
  return template.content;
}

export function sourceLine(c) {
  const section = c.section ? `, section “${c.section}”` : "";
  const page = c.page ? `, page ${c.page}` : "";
  return `${c.title} — ${c.publisher}, ${c.date}${section}${page}`;
}

function guideButton(c, onGuide) {
  const guide = document.createElement("button");
  guide.type = "button";
  guide.className = "ra-link-button ra-small ra-guide-link";
  guide.textContent = "Document guide";
  guide.setAttribute("aria-label", `Document guide for “${c.title}”`);
  guide.addEventListener("click", () => onGuide(c.doc_id));
  return guide;
}

// The numbered sources of an answer: each opens its passage, and the document's guide.
export function sourcesList(citations, onCite, onGuide) {
  const list = document.createElement("ol");
  list.className = "ra-sources";
  for (const c of citations) {
    const item = document.createElement("li");
    item.value = c.n;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ra-link-button";
    button.textContent = sourceLine(c);
    button.addEventListener("click", () => onCite(c));
    item.append(button, " ", guideButton(c, onGuide));
    list.append(item);
  }
  return list;
}

// A decline's closest passages: the text itself, where it comes from, and a way to open it.
export function nearestList(passages, onCite, onGuide) {
  const list = document.createElement("ul");
  list.className = "ra-nearest";
  list.setAttribute("aria-label", "Closest passages");
  for (const p of passages) {
    const item = document.createElement("li");
    const quote = document.createElement("blockquote");
    quote.className = "ra-nearest__text";
    quote.textContent = p.text;
    const open = document.createElement("button");
    open.type = "button";
    open.className = "ra-link-button";
    open.textContent = sourceLine(p);
    open.setAttribute("aria-label", `Open this passage in ${sourceLine(p)}`);
    open.addEventListener("click", () => onCite({ ...p, quote: p.text }));
    item.append(quote, open, " ", guideButton(p, onGuide));
    list.append(item);
  }
  return list;
}

// Plain text for a board paper: the answer with its references written out.
export function plainText(response) {
  const lines = [response.answer.replace(/\*\*|\*/g, ""), ""];
  if (response.citations.length) {
    lines.push("Sources:");
    for (const c of response.citations) lines.push(`[${c.n}] ${sourceLine(c)}: “${c.quote}”`);
  }
  return lines.join("\n");
}
