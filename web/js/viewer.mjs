// The source viewer: the cited document's cleaned text, scrolled to the quote, highlighted.
import { call } from "./api.mjs";

const cache = new Map();
let returnFocus = null;

async function documentText(docId) {
  if (!cache.has(docId)) cache.set(docId, call("GET", `/api/documents/${encodeURIComponent(docId)}`));
  return cache.get(docId);
}

export async function openSource(citation) {
  const dialog = document.getElementById("viewer");
  const title = document.getElementById("viewer-title");
  const meta = document.getElementById("viewer-meta");
  const body = document.getElementById("viewer-text");
  returnFocus = document.activeElement;
  const describe = (c) => {
    title.textContent = c.title;
    meta.textContent = `${c.publisher}, ${c.date}${c.section ? ` — ${c.section}` : ""}`;
  };
  describe({ title: "", publisher: "", date: "", ...citation });
  body.replaceChildren("Loading…");
  if (!dialog.open) dialog.showModal();
  let doc;
  try {
    doc = await documentText(citation.doc_id);
  } catch (error) {
    body.replaceChildren(`The document could not be opened: ${error.message}`);
    return;
  }
  if (!citation.title) describe({ ...doc, section: "" });
  // Text nodes only: document text is never interpreted as HTML.
  const mark = document.createElement("mark");
  mark.id = "viewer-quote";
  mark.tabIndex = -1;
  mark.textContent = doc.text.slice(citation.start, citation.end);
  body.replaceChildren(doc.text.slice(0, citation.start), mark, doc.text.slice(citation.end));
  mark.scrollIntoView({ block: "center" });
  mark.focus({ preventScroll: true });
}

// Links from elsewhere (the Slack bot) open a passage directly: /?doc=<id>#<start>-<end>.
export function openLinkedSource() {
  const docId = new URLSearchParams(window.location.search).get("doc");
  const span = /^#(\d+)-(\d+)$/.exec(window.location.hash);
  if (docId && span) openSource({ doc_id: docId, start: Number(span[1]), end: Number(span[2]) });
}

export function setUpViewer() {
  const dialog = document.getElementById("viewer");
  document.getElementById("viewer-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
  });
}
