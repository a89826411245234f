// The web chat: sign-in, asking, streamed answers, conversations with their own addresses.
import { ApiError, ask, call, exportUrl, setCsrf } from "./api.mjs";
import { loadCollection } from "./collection.mjs";
import { askNewName, confirmDelete } from "./dialogs.mjs";
import { addExchange, fillAnswer, notice } from "./exchange.mjs";
import { conversationInPath, conversationPath, focusConversation, markCurrent, renderHistory } from "./history.mjs";
import { disclosureMenu } from "./menu.mjs";
import { openGuide, openLinkedSource, setUpViewer } from "./viewer.mjs";

const $ = (id) => document.getElementById(id);
const state = { conversationId: null, title: "", busy: false, hasStarters: false };
const PHONE = window.matchMedia("(max-width: 48rem)");

function announce(text) {
  $("status").textContent = "";
  window.setTimeout(() => { $("status").textContent = text; }, 50);
}

// The NHS error pattern for the question box: a summary linking to the field, and the field.
function showAskError(message) {
  const summary = $("ask-error-summary");
  summary.hidden = !message;
  $("ask-error-link").textContent = message;
  $("ask-error-text").textContent = message;
  $("ask-error").hidden = !message;
  $("ask-group").classList.toggle("nhsuk-form-group--error", Boolean(message));
  $("question").classList.toggle("nhsuk-textarea--error", Boolean(message));
  if (message) {
    $("question").setAttribute("aria-describedby", "ask-error");
    summary.focus();
  } else {
    $("question").removeAttribute("aria-describedby");
  }
}

function setTitle(title) {
  state.title = title;
  document.title = title ? `${title} — Review Assistant` : "Review Assistant";
}

// The "Export" menu for the open conversation, beside the page heading.
function showConversationTools() {
  const tools = $("conversation-tools");
  if (!state.conversationId) {
    tools.hidden = true;
    tools.replaceChildren();
    return;
  }
  const menu = disclosureMenu({
    text: "Export conversation",
    buttonClass: "nhsuk-button nhsuk-button--secondary ra-small-button ra-menu__button",
    items: [
      { text: "Word document (.docx)", href: exportUrl(state.conversationId, "docx"), download: true },
      { text: "PDF", href: exportUrl(state.conversationId, "pdf"), download: true },
    ],
  });
  tools.replaceChildren(menu.root);
  tools.hidden = false;
}

function setCurrent(id, title = "") {
  state.conversationId = id;
  setTitle(title);
  markCurrent(id);
  showConversationTools();
}

function go(path, push) {
  if (window.location.pathname === path && !window.location.search) return;
  if (push) window.history.pushState({}, "", path);
  else window.history.replaceState({}, "", path);
}

// ---- asking -----------------------------------------------------------------------------

async function submitQuestion(text) {
  const question = text.trim();
  if (state.busy) return;
  if (!question) {
    showAskError("Enter your question");
    return;
  }
  showAskError("");
  state.busy = true;
  $("send").disabled = true;
  $("starters").hidden = true;
  const { item, article } = addExchange($("log"), question);
  item.scrollIntoView({ block: "start" });
  announce("Answering…");
  let streamed = "";
  try {
    const response = await ask(question, state.conversationId, (token) => {
      streamed += token;
      article.querySelector(".ra-answer__body").textContent = streamed;
    });
    fillAnswer(article, question, response, announce);
    if (state.conversationId !== response.conversation_id) {
      go(conversationPath(response.conversation_id), true);
      setCurrent(response.conversation_id, question);
    }
    announce(response.refused ? "Answer declined: the documents do not cover this." : "Answer ready.");
    item.scrollIntoView({ block: "start" });  // the start of the new answer, not the end of its sources
    article.focus({ preventScroll: true });
    $("question").value = "";
    loadConversations().catch((error) => announce(`The list of conversations could not be updated: ${error.message}`));
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

function clearLog() {
  $("log").replaceChildren();
  $("starters").hidden = !state.hasStarters;
  showAskError("");
}

function showNew() {
  clearLog();
  setCurrent(null);
}

async function openConversation(id, { push = true, focus = true } = {}) {
  let conversation;
  try {
    conversation = await call("GET", `/api/conversations/${encodeURIComponent(id)}`);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    go("/", false);
    showNew();
    $("log").append(notice("That conversation was not found: it may have been deleted.", "warning"));
    return;
  }
  go(conversationPath(id), push);
  clearLog();
  let question = "";
  for (const message of conversation.messages) {
    if (message.role === "user") question = message.content;
    else if (message.response) fillAnswer(addExchange($("log"), question).article, question, message.response, announce);
  }
  $("starters").hidden = conversation.messages.length > 0 || !state.hasStarters;
  setCurrent(id, conversation.title);
  closeHistoryOnPhone();
  if (focus) $("question").focus();
  announce(`Opened “${conversation.title}”.`);
}

async function renameConversation(c, returnTo) {
  const title = await askNewName(c.title, returnTo);
  if (!title) return;
  await call("PATCH", `/api/conversations/${encodeURIComponent(c.conversation_id)}`, { title });
  if (state.conversationId === c.conversation_id) setTitle(title);
  await loadConversations();
  focusConversation(c.conversation_id);
  announce(`Renamed to “${title}”.`);
}

async function deleteConversation(c, returnTo) {
  if (!(await confirmDelete(c.title, returnTo))) return;
  await call("DELETE", `/api/conversations/${encodeURIComponent(c.conversation_id)}`);
  if (state.conversationId === c.conversation_id) {
    go("/", true);
    showNew();
  }
  await loadConversations();
  focusConversation(null);
  announce(`Deleted “${c.title}”.`);
}

async function loadConversations() {
  const list = await call("GET", "/api/conversations");
  renderHistory(list, state.conversationId, {
    onOpen: (id) => openConversation(id),
    onRename: renameConversation,
    onDelete: deleteConversation,
  });
}

// The page's address decides what is shown: /c/<id> a conversation, / a new one.
async function route({ focus = true } = {}) {
  const id = conversationInPath();
  if (id) await openConversation(id, { push: false, focus });
  else showNew();
}

function setHistoryOpen(open) {
  $("sidebar").classList.toggle("ra-sidebar--open", open);
  $("history-toggle").setAttribute("aria-expanded", String(open));
}

function closeHistoryOnPhone() {
  if (PHONE.matches) setHistoryOpen(false);
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
  if (session.auth_required) {
    $("user-name").textContent = session.name || session.email;
    $("user-box").hidden = false;
  }
  const [collection] = await Promise.all([
    loadCollection({ onAsk: submitQuestion, onGuide: openGuide }),
    loadConversations(),
  ]);
  state.hasStarters = collection.hasStarters;
  await route({ focus: false });
  $("app").hidden = false;  // shown once ready, so nothing moves focus after a first click
  $("question").focus();
  openLinkedSource();
}

function wire() {
  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const signedIn = await call("POST", "/api/auth/signin", { email: $("email").value, password: $("password").value });
      setCsrf(signedIn.csrf_token);
      $("signin-error").hidden = true;
      $("password").value = "";
      await showApp(signedIn);
    } catch (error) {
      $("signin-error").textContent = error.message;
      $("signin-error").hidden = false;
      $("password").focus();
    }
  });
  $("sign-out").addEventListener("click", async () => {
    await call("POST", "/api/auth/signout");
    window.location.assign("/");
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
  $("ask-error-link").addEventListener("click", (event) => {
    event.preventDefault();
    $("question").focus();
  });
  $("new-conversation").addEventListener("click", () => {
    go("/", true);
    showNew();
    closeHistoryOnPhone();
    $("question").focus();
  });
  $("history-toggle").addEventListener("click", () => {
    const open = !$("sidebar").classList.contains("ra-sidebar--open");
    setHistoryOpen(open);
    if (open) focusConversation(state.conversationId || ($("conversation-list").firstElementChild?.dataset.id ?? null));
  });
  window.addEventListener("popstate", () => {
    route().catch((error) => announce(`The conversation could not be opened: ${error.message}`));
  });
}

async function start() {
  setUpViewer(submitQuestion);
  wire();
  const session = await call("GET", "/api/auth/session");
  setCsrf(session.csrf_token);
  if (session.signed_in) await showApp(session);
  else showSignIn();
}

start().catch((error) => {
  document.body.append(notice(`Review Assistant could not start: ${error.message}`, "declined"));
});
