// Rendering answers safely: Markdown without HTML, sanitised, with [n] markers made into buttons.
import MarkdownIt from "/vendor/markdown-it.min.mjs";
import DOMPurify from "/vendor/purify.es.mjs";

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
const ALLOWED = { ALLOWED_TAGS: ["p", "ul", "ol", "li", "strong", "em", "code", "br", "blockquote"], ALLOWED_ATTR: [] };

export const REASONS = {
  not_covered: "Declined: not covered by the review material",
  off_topic: "Declined: outside the review material",
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
  return `${c.title} — ${c.publisher}, ${c.date}${section}`;
}

export function sourcesList(citations, onCite) {
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
    item.append(button);
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
