// What the page says about the collection (name, subject line, description, example questions)
// comes from the server's manifest-driven endpoints, never from this code.
import { ApiError, call } from "./api.mjs";

const $ = (id) => document.getElementById(id);

async function optional(path) {
  try {
    return await call("GET", path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

// /api/collection, or the collection guide while that endpoint is not served.
async function collectionInfo() {
  return (await optional("/api/collection")) || (await optional("/api/collection/guide")) || {};
}

function starter(question, onAsk) {
  const li = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "ra-starter";
  button.textContent = question;
  button.addEventListener("click", () => onAsk(question));
  li.append(button);
  return li;
}

function documentItem(d, onGuide) {
  const li = document.createElement("li");
  const guide = document.createElement("button");
  guide.type = "button";
  guide.className = "ra-link-button ra-small";
  guide.textContent = "Guide";
  guide.setAttribute("aria-label", `Guide to “${d.title}”`);
  guide.addEventListener("click", () => onGuide(d.doc_id, d.title));
  li.append(`${d.title} — ${d.publisher}, ${d.date} `, guide);
  return li;
}

export async function loadCollection({ onAsk, onGuide }) {
  const [info, documents] = await Promise.all([collectionInfo(), call("GET", "/api/documents")]);
  const name = info.name || "";
  const subject = info.subject || name;
  if (name) $("tagline").textContent = `${name}: answers with sources`;
  if (subject) $("chat-title").textContent = `Ask about ${subject}`;
  if (info.description) {
    $("collection-description").textContent = info.description;
    $("collection-description").hidden = false;
  }
  const questions = info.example_questions || [];
  $("starter-list").replaceChildren(...questions.map((q) => starter(q, onAsk)));
  $("document-list").replaceChildren(...documents.map((d) => documentItem(d, onGuide)));
  return { hasStarters: questions.length > 0 };
}
