// The web chat: sign-in, asking, streamed answers, history, feedback.
import { ApiError, ask, call, setCsrf } from "./api.mjs";
import { REASONS, plainText, renderAnswer, sourcesList } from "./render.mjs";
import { openLinkedSource, openSource, setUpViewer } from "./viewer.mjs";

const $ = (id) => document.getElementById(id);
const state = { conversationId: null, busy: false };

function announce(text) {
  $("status").textContent = "";
  window.setTimeout(() => { $("status").textContent = text; }, 50);
}

function showError(id, message) {
  const box = $(id);
  box.textContent = message;
  box.hidden = !message;
}

// ---- rendering one exchange -------------------------------------------------------------

function notice(text, kind) {
  const p = document.createElement("p");
  p.className = `ra-notice ra-notice--${kind}`;
  p.textContent = text;
  return p;
}

function feedbackControls(response) {
  const box = document.createElement("div");
  box.className = "ra-feedback";
  const label = document.createElement("span");
  label.textContent = "Was this answer helpful?";
  const comment = document.createElement("input");
  comment.className = "nhsuk-input ra-feedback__comment";
  comment.placeholder = "Optional comment";
  comment.setAttribute("aria-label", "Optional comment on this answer");
  const result = document.createElement("span");
  result.className = "ra-feedback__result";
  result.setAttribute("role", "status");
  const send = (rating) => async () => {
    try {
      await call("POST", "/api/feedback", { message_id: response.message_id, rating, comment: comment.value || null });
      result.textContent = "Thank you — your feedback was recorded.";
      box.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    } catch (error) {
      result.textContent = `Feedback was not recorded: ${error.message}`;
    }
  };
  const up = document.createElement("button");
  up.type = "button";
  up.className = "ra-link-button";
  up.textContent = "Helpful";
  up.addEventListener("click", send("up"));
  const down = document.createElement("button");
  down.type = "button";
  down.className = "ra-link-button";
  down.textContent = "Not helpful";
  down.addEventListener("click", send("down"));
  box.append(label, up, down, comment, result);
  return box;
}

function fillAnswer(article, response) {
  const body = article.querySelector(".ra-answer__body");
  body.replaceChildren();
  if (response.refused) body.append(notice(REASONS[response.refusal_reason] || "This question was declined.", "declined"));
  if (response.notice) body.append(notice(response.notice, "fallback"));
  for (const warning of response.warnings || []) body.append(notice(warning, "warning"));
  body.append(renderAnswer(response.answer, response.citations, openSource));
  if (response.citations.length) {
    const heading = document.createElement("h2");
    heading.className = "nhsuk-heading-xs";
    heading.textContent = "Sources";
    body.append(heading, sourcesList(response.citations, openSource));
  }
  const actions = document.createElement("div");
  actions.className = "ra-actions";
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
  actions.append(copy);
  body.append(actions, feedbackControls(response));
  article.setAttribute("aria-busy", "false");
}

function addExchange(question) {
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
  $("log").append(item);
  $("starters").hidden = true;
  return article;
}

// ---- asking -----------------------------------------------------------------------------

async function submitQuestion(text) {
  const question = text.trim();
  if (!question || state.busy) {
    if (!question) showError("ask-error", "Type a question first.");
    return;
  }
  showError("ask-error", "");
  state.busy = true;
  $("send").disabled = true;
  const article = addExchange(question);
  announce("Answering…");
  let streamed = "";
  try {
    const response = await ask(question, state.conversationId, (token) => {
      streamed += token;
      article.querySelector(".ra-answer__body").textContent = streamed;
    });
    state.conversationId = response.conversation_id;
    fillAnswer(article, response);
    announce(response.refused ? "Answer declined: the material does not cover this." : "Answer ready.");
    article.focus();
    $("question").value = "";
    loadConversations();
  } catch (error) {
    article.querySelector(".ra-answer__body").replaceChildren(notice(`No answer: ${error.message}`, "declined"));
    article.setAttribute("aria-busy", "false");
    if (error instanceof ApiError && error.status === 401) showSignIn();
  } finally {
    state.busy = false;
    $("send").disabled = false;
  }
}

// ---- conversations ----------------------------------------------------------------------

async function openConversation(id) {
  const conversation = await call("GET", `/api/conversations/${encodeURIComponent(id)}`);
  state.conversationId = id;
  $("log").replaceChildren();
  let question = "";
  for (const message of conversation.messages) {
    if (message.role === "user") question = message.content;
    else if (message.response) fillAnswer(addExchange(question), message.response);
  }
  $("starters").hidden = conversation.messages.length > 0;
  $("question").focus();
  announce(`Opened “${conversation.title}”.`);
}

function conversationItem(c) {
  const li = document.createElement("li");
  li.className = "ra-conversation";
  if (c.conversation_id === state.conversationId) li.setAttribute("aria-current", "true");
  const open = document.createElement("button");
  open.type = "button";
  open.className = "ra-link-button ra-conversation__open";
  open.textContent = c.title;
  open.addEventListener("click", () => openConversation(c.conversation_id));
  const rename = document.createElement("button");
  rename.type = "button";
  rename.className = "ra-link-button ra-small";
  rename.textContent = "Rename";
  rename.setAttribute("aria-label", `Rename “${c.title}”`);
  rename.addEventListener("click", async () => {
    const title = window.prompt("New name for this conversation", c.title);
    if (title && title.trim()) {
      await call("PATCH", `/api/conversations/${c.conversation_id}`, { title: title.trim() });
      await loadConversations();
    }
  });
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "ra-link-button ra-small";
  remove.textContent = "Delete";
  remove.setAttribute("aria-label", `Delete “${c.title}”`);
  remove.addEventListener("click", async () => {
    if (!window.confirm(`Delete “${c.title}”?`)) return;
    await call("DELETE", `/api/conversations/${c.conversation_id}`);
    if (state.conversationId === c.conversation_id) newConversation();
    await loadConversations();
    announce("Conversation deleted.");
  });
  li.append(open, rename, remove);
  return li;
}

async function loadConversations() {
  const list = await call("GET", "/api/conversations");
  $("conversation-list").replaceChildren(...list.map(conversationItem));
}

function newConversation() {
  state.conversationId = null;
  $("log").replaceChildren();
  $("starters").hidden = false;
  $("question").focus();
}

async function loadDocuments() {
  const documents = await call("GET", "/api/documents");
  $("document-list").replaceChildren(...documents.map((d) => {
    const li = document.createElement("li");
    li.textContent = `${d.title} — ${d.publisher}, ${d.date}`;
    return li;
  }));
}

// ---- session ----------------------------------------------------------------------------

function showSignIn() {
  $("app").hidden = true;
  $("user-box").hidden = true;
  $("signin").hidden = false;
  $("email").focus();
}

async function showApp(session) {
  $("signin").hidden = true;
  $("app").hidden = false;
  if (session.auth_required) {
    $("user-name").textContent = session.name || session.email;
    $("user-box").hidden = false;
  }
  await Promise.all([loadDocuments(), loadConversations()]);
  $("question").focus();
  openLinkedSource();
}

async function start() {
  setUpViewer();
  const session = await call("GET", "/api/auth/session");
  setCsrf(session.csrf_token);
  if (session.signed_in) await showApp(session);
  else showSignIn();

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const signedIn = await call("POST", "/api/auth/signin", { email: $("email").value, password: $("password").value });
      setCsrf(signedIn.csrf_token);
      showError("signin-error", "");
      $("password").value = "";
      await showApp(signedIn);
    } catch (error) {
      showError("signin-error", error.message);
      $("password").focus();
    }
  });
  $("sign-out").addEventListener("click", async () => {
    await call("POST", "/api/auth/signout");
    window.location.reload();
  });
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    submitQuestion($("question").value);
  });
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      submitQuestion($("question").value);
    }
  });
  $("new-conversation").addEventListener("click", newConversation);
  for (const button of document.querySelectorAll(".ra-starter")) {
    button.addEventListener("click", () => submitQuestion(button.textContent));
  }
}

start().catch((error) => {
  document.body.append(notice(`Review Assistant could not start: ${error.message}`, "declined"));
});
