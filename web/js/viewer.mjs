// The source viewer: the cited document's cleaned text, scrolled to the quote and highlighted,
// with the document's guide beside it.
import { ApiError, call } from "./api.mjs";
import { contextBlocks, location, renderContext } from "./context.mjs";
import { renderGuide } from "./guide.mjs";

const $ = (id) => document.getElementById(id);
const texts = new Map();
const guides = new Map();
let returnFocus = null;
let onAsk = () => {};
let shownDoc = null;

function cached(cache, path) {
  if (!cache.has(path)) {
    const request = call("GET", path);
    request.catch(() => cache.delete(path));  // a failure is not remembered
    cache.set(path, request);
  }
  return cache.get(path);
}

function describe(c) {
  $("viewer-title").textContent = c.title || "";
  const section = c.section ? ` — ${c.section}` : "";
  const page = c.page ? `, page ${c.page}` : "";
  $("viewer-meta").textContent = c.publisher ? `${c.publisher}, ${c.date}${section}${page}` : "";
}

// The cited span in its structure (section path, page, the list or table it sits in), above
// the full text; hidden when nothing is cited or the document has no blocks.
function showContext(doc, span) {
  const panel = $("viewer-context");
  const indexes = span && doc.blocks ? contextBlocks(doc.blocks, span) : [];
  panel.hidden = indexes.length === 0;
  if (panel.hidden) return;
  $("viewer-path").textContent = location(doc, indexes, span);
  renderContext($("viewer-blocks"), doc, indexes, span);
}

// Text nodes only: document text is never interpreted as HTML.
function showText(doc, span) {
  const body = $("viewer-text");
  showContext(doc, span);
  if (!span) {
    body.replaceChildren(doc.text);
    body.scrollTop = 0;
    return;
  }
  const mark = document.createElement("mark");
  mark.id = "viewer-quote";
  mark.tabIndex = -1;
  mark.textContent = doc.text.slice(span.start, span.end);
  body.replaceChildren(doc.text.slice(0, span.start), mark, doc.text.slice(span.end));
  mark.scrollIntoView({ block: "center" });
  mark.focus({ preventScroll: true });
}

async function showGuide(doc) {
  const body = $("viewer-guide-body");
  body.replaceChildren("Loading the guide…");
  try {
    const guide = await cached(guides, `/api/documents/${encodeURIComponent(doc.doc_id)}/guide`);
    if (shownDoc !== doc.doc_id) return;
    renderGuide(body, guide, {
      onQuote: (sentence) => showText(doc, sentence),
      onAsk: (question) => {
        $("viewer").close();
        onAsk(question);
      },
    });
  } catch (error) {
    const missing = error instanceof ApiError && error.status === 404;
    body.replaceChildren(missing ? "No guide is available for this document." : `The guide could not be loaded: ${error.message}`);
  }
}

// Opens a document: at a span (a citation or passage) or, with `focusGuide`, at its guide.
async function open(target, { focusGuide = false } = {}) {
  const dialog = $("viewer");
  if (!dialog.open) returnFocus = document.activeElement;
  describe(target);
  $("viewer-context").hidden = true;
  $("viewer-text").replaceChildren("Loading…");
  if (!dialog.open) dialog.showModal();
  let doc;
  try {
    doc = await cached(texts, `/api/documents/${encodeURIComponent(target.doc_id)}`);
  } catch (error) {
    $("viewer-text").replaceChildren(`The document could not be opened: ${error.message}`);
    return;
  }
  if (!target.publisher) describe({ ...doc, section: "" });
  shownDoc = doc.doc_id;
  const guideShown = showGuide(doc);
  showText(doc, target.end > target.start ? target : null);
  if (focusGuide) {
    await guideShown;
    $("viewer-guide").focus();
  }
}

export function openSource(citation) {
  return open(citation);
}

export function openGuide(docId, title = "") {
  return open({ doc_id: docId, title, start: 0, end: 0 }, { focusGuide: true });
}

// Links from elsewhere (the Slack bot) open a passage directly: /?doc=<id>#<start>-<end>.
export function openLinkedSource() {
  const docId = new URLSearchParams(window.location.search).get("doc");
  const span = /^#(\d+)-(\d+)$/.exec(window.location.hash);
  if (docId && span) openSource({ doc_id: docId, start: Number(span[1]), end: Number(span[2]) });
}

export function setUpViewer(ask) {
  onAsk = ask;
  const dialog = $("viewer");
  $("viewer-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    if (returnFocus && returnFocus.isConnected && typeof returnFocus.focus === "function") returnFocus.focus();
  });
}
