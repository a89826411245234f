// The cited span in its structure: the section path, the page (PDF), and the blocks it touches
// drawn as what they are (a list as a list with its lead-in, a table as a table, a heading, a
// paragraph), the span highlighted. Text nodes only: document text is never read as HTML.
const LEAVES = new Set(["heading", "paragraph", "item", "table", "quote"]);
const MAX_BLOCKS = 24;
const BULLETS = new Set(["", "-", "*", "•", "●", "▪", "◦", "‣", "–"]);

const overlaps = (b, span) => b.start < span.end && b.end > span.start;

// A list item's outermost list, so a cited item is shown among its siblings.
function rootList(blocks, index) {
  let root = null;
  for (let i = blocks[index].parent; i !== null && i !== undefined; i = blocks[i].parent) {
    if (blocks[i].kind === "list") root = i;
  }
  return root;
}

// Indexes of the leaf blocks to show, in document order.
export function contextBlocks(blocks, span) {
  const shown = new Set();
  blocks.forEach((b, i) => {
    const inLeadIn = b.kind === "list" && b.lead_in && b.lead_in[0] < span.end && b.lead_in[1] > span.start;
    if (!(LEAVES.has(b.kind) && overlaps(b, span)) && !inLeadIn) return;
    const list = b.kind === "list" ? i : b.kind === "item" ? rootList(blocks, i) : null;
    if (list === null) {
      shown.add(i);
      return;
    }
    shown.add(list);
    blocks.forEach((inner, j) => {
      const within = inner.start >= blocks[list].start && inner.end <= blocks[list].end;
      if (within && (inner.kind === "list" || inner.kind === "item")) shown.add(j);
    });
  });
  for (const i of [...shown]) {  // a lead-in drawn with its list is not drawn again on its own
    const b = blocks[i];
    const leadIns = [...shown].map((j) => blocks[j].lead_in).filter(Boolean);
    if (b.kind === "paragraph" && leadIns.some(([s, e]) => b.start >= s && b.end <= e)) shown.delete(i);
  }
  const ordered = [...shown].sort((a, b) => blocks[a].start - blocks[b].start || a - b);
  if (ordered.length <= MAX_BLOCKS) return ordered;
  return ordered.filter((i) => blocks[i].kind === "list" || overlaps(blocks[i], span)).slice(0, MAX_BLOCKS);
}

// `text[start:end]` with the part inside `span` wrapped in <mark>.
function highlighted(element, text, start, end, span) {
  const from = Math.max(start, Math.min(span.start, end));
  const to = Math.min(end, Math.max(span.end, start));
  if (to <= from) {
    element.append(text.slice(start, end));
    return element;
  }
  const mark = document.createElement("mark");
  mark.textContent = text.slice(from, to);
  element.append(text.slice(start, from), mark, text.slice(to, end));
  return element;
}

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

// The marker in front of an item ("3.", "(b)", "-"), read from the text before its span, so a
// list shows the document's own numbering, whatever its style.
function marker(text, block) {
  const lineStart = text.lastIndexOf("\n", block.start - 1) + 1;
  return text.slice(lineStart, block.start).trim();
}

function table(text, block, span) {
  const node = el("table", "ra-context__table");
  const body = el("tbody");
  let offset = block.start;
  for (const row of text.slice(block.start, block.end).split("\n")) {
    const tr = el("tr");
    let cellStart = offset;
    for (const cell of row.split(" | ")) {
      tr.append(highlighted(el("td"), text, cellStart, cellStart + cell.length, span));
      cellStart += cell.length + 3;
    }
    body.append(tr);
    offset += row.length + 1;
  }
  node.append(body);
  return node;
}

// Draws blocks `indexes` of `doc` into `container`; items go into (nested) lists.
export function renderContext(container, doc, indexes, span) {
  const { text, blocks } = doc;
  const lists = new Map();  // list block index → its <ul>/<ol>
  const items = new Map();  // item block index → its <li>
  container.replaceChildren();
  for (const i of indexes) {
    const b = blocks[i];
    if (b.kind === "list") {
      const leadInShown = b.lead_in && indexes.some((j) => blocks[j].kind === "paragraph" && blocks[j].start <= b.lead_in[0] && blocks[j].end >= b.lead_in[1]);
      if (b.lead_in && !leadInShown) container.append(highlighted(el("p", "ra-context__lead"), text, b.lead_in[0], b.lead_in[1], span));
      const list = el("ul", "ra-context__list");
      lists.set(i, list);
      const holder = b.parent !== null && b.parent !== undefined ? items.get(b.parent) : null;
      (holder || container).append(list);
    } else if (b.kind === "item") {
      const li = el("li");
      const mark = marker(text, b);
      if (!BULLETS.has(mark)) {  // "3.", "(b)": the document's own number, not a bullet
        li.className = "ra-context__numbered";
        li.append(Object.assign(el("span", "ra-context__marker"), { textContent: `${mark} ` }));
      }
      highlighted(li, text, b.start, b.end, span);
      items.set(i, li);
      (lists.get(b.parent) || container).append(li);
    } else if (b.kind === "table") {
      container.append(table(text, b, span));
    } else if (b.kind === "heading") {
      container.append(highlighted(el("p", "ra-context__heading"), text, b.start, b.end, span));
    } else if (b.kind === "quote") {
      container.append(highlighted(el("blockquote", "ra-context__quote"), text, b.start, b.end, span));
    } else {
      container.append(highlighted(el("p"), text, b.start, b.end, span));
    }
  }
}

// "Section: A › B · page 4" for the first cited block.
export function location(doc, indexes, span) {
  const first = indexes.map((i) => doc.blocks[i]).find((b) => b.kind !== "list" && overlaps(b, span)) || doc.blocks[indexes[0]];
  if (!first) return "";
  const parts = [];
  if (first.section) parts.push(`Section: ${first.section.split(" > ").join(" › ")}`);
  if (first.page) parts.push(`page ${first.page}`);
  return parts.join(" · ");
}
