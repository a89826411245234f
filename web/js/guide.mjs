// A document's guide (summary, key lists, timeline, organisations, suggested questions), shown
// beside its text in the viewer. Every quoted line opens its span in the text.

const MAX_LISTS = 4;
const MAX_ITEMS = 8;
const MAX_DATES = 8;
const MAX_ORGANISATIONS = 8;

function heading(text) {
  const h = document.createElement("h4");
  h.className = "nhsuk-heading-xs ra-guide__heading";
  h.textContent = text;
  return h;
}

function quoteButton(sentence, onQuote, prefix = "") {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "ra-link-button ra-guide__quote";
  button.textContent = `${prefix}${sentence.quote}`;
  button.addEventListener("click", () => onQuote(sentence));
  return button;
}

function listOf(rows) {
  const ul = document.createElement("ul");
  ul.className = "ra-guide__list";
  for (const row of rows) {
    const li = document.createElement("li");
    li.append(row);
    ul.append(li);
  }
  return ul;
}

// Fills `container` from a GET /api/documents/{id}/guide body.
export function renderGuide(container, guide, { onQuote, onAsk }) {
  const parts = [];
  if (guide.summary?.length) {
    parts.push(heading("Summary"), listOf(guide.summary.map((s) => quoteButton(s, onQuote))));
  }
  for (const list of (guide.key_lists || []).slice(0, MAX_LISTS)) {
    const lead = list.lead_in ? list.lead_in.quote : list.section;
    parts.push(heading(`Key list: ${lead}`));
    const items = list.items.slice(0, MAX_ITEMS).map((s) => quoteButton(s, onQuote));
    if (list.items.length > MAX_ITEMS) items.push(document.createTextNode(`and ${list.items.length - MAX_ITEMS} more`));
    parts.push(listOf(items));
  }
  if (guide.timeline?.length) {
    const dated = guide.timeline.slice(0, MAX_DATES).map((d) => quoteButton(d.sentence, onQuote, `${d.when}: `));
    parts.push(heading("Timeline"), listOf(dated));
  }
  if (guide.organisations?.length) {
    const names = guide.organisations.slice(0, MAX_ORGANISATIONS).map((o) => o.name).join(", ");
    const p = document.createElement("p");
    p.className = "nhsuk-body-s";
    p.textContent = names;
    parts.push(heading("Organisations named"), p);
  }
  if (guide.suggested_questions?.length) {
    const asks = guide.suggested_questions.map((q) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "ra-starter ra-guide__ask";
      button.textContent = q;
      button.addEventListener("click", () => onAsk(q));
      return button;
    });
    parts.push(heading("Questions to ask"), listOf(asks));
  }
  if (!parts.length) {
    const p = document.createElement("p");
    p.className = "nhsuk-body-s";
    p.textContent = "No guide could be made for this document.";
    parts.push(p);
  }
  container.replaceChildren(...parts);
}
