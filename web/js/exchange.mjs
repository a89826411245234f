// One question and its answer in the conversation log: notices, the answer with clickable
// markers, sources (or a decline's closest passages), export, copy and feedback.
import { exportUrl } from "./api.mjs";
import { feedbackControls } from "./feedback.mjs";
import { disclosureMenu } from "./menu.mjs";
import { REASONS, nearestList, plainText, renderAnswer, sourcesList } from "./render.mjs";
import { openGuide, openSource } from "./viewer.mjs";

export function notice(text, kind) {
  const p = document.createElement("p");
  p.className = `ra-notice ra-notice--${kind}`;
  p.textContent = text;
  return p;
}

const comparable = (text) => (text || "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();

// The standalone question the assistant searched for, when it differs from what was typed.
function searchedFor(question, response) {
  if (!response.search_query || comparable(response.search_query) === comparable(question)) return null;
  const p = document.createElement("p");
  p.className = "ra-searched nhsuk-body-s";
  const label = document.createElement("span");
  label.className = "ra-searched__label";
  label.textContent = "Searched for: ";
  const query = document.createElement("q");
  query.textContent = response.search_query;
  p.append(label, query);
  return p;
}

function heading(text) {
  const h = document.createElement("h2");
  h.className = "nhsuk-heading-xs ra-answer__heading";
  h.textContent = text;
  return h;
}

function actions(response, announce) {
  const box = document.createElement("div");
  box.className = "ra-actions";
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "nhsuk-button nhsuk-button--secondary ra-small-button";
  copy.textContent = "Copy answer with sources";
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(plainText(response));
      announce("Answer copied with its sources.");
    } catch {
      announce("Copying is not allowed here; select the text instead.");
    }
  });
  const exportMenu = disclosureMenu({
    text: "Export this answer",
    buttonClass: "nhsuk-button nhsuk-button--secondary ra-small-button ra-menu__button",
    items: [
      { text: "Word document (.docx)", href: exportUrl(response.conversation_id, "docx", response.message_id), download: true },
      { text: "PDF", href: exportUrl(response.conversation_id, "pdf", response.message_id), download: true },
    ],
  });
  box.append(copy, exportMenu.root);
  return box;
}

// Fills an answer article from a ChatResponse (fresh or stored with the conversation).
export function fillAnswer(article, question, response, announce) {
  const body = article.querySelector(".ra-answer__body");
  body.replaceChildren();
  const searched = searchedFor(question, response);
  if (searched) body.append(searched);
  if (response.refused) body.append(notice(REASONS[response.refusal_reason] || "This question was declined.", "declined"));
  if (response.notice) body.append(notice(response.notice, "fallback"));
  for (const warning of response.warnings || []) body.append(notice(warning, "warning"));
  const nearest = response.refused ? response.nearest || [] : [];
  if (nearest.length) {
    // The decline's own sentence; its closest passages follow as text that opens the viewer.
    body.append(renderAnswer(response.answer.split(/\n\s*\n/)[0], [], openSource));
    body.append(nearestList(nearest, openSource, openGuide));
  } else {
    body.append(renderAnswer(response.answer, response.citations, openSource));
  }
  if (response.citations.length) body.append(heading("Sources"), sourcesList(response.citations, openSource, openGuide));
  body.append(actions(response, announce), feedbackControls(response));
  article.setAttribute("aria-busy", "false");
}

export function addExchange(log, question) {
  const item = document.createElement("li");
  item.className = "ra-exchange";
  const q = document.createElement("p");
  q.className = "ra-question";
  q.textContent = question;
  const article = document.createElement("article");
  article.className = "ra-answer";
  article.tabIndex = -1;
  article.setAttribute("aria-busy", "true");
  article.setAttribute("aria-label", `Answer to: ${question}`);
  const body = document.createElement("div");
  body.className = "ra-answer__body";
  body.textContent = "Searching the documents…";
  article.append(body);
  item.append(q, article);
  log.append(item);
  return { item, article };
}
