// The list of the person's conversations: one link (one tab stop) per conversation, its own
// address (/c/<id>), and a menu of actions reached with the right arrow key or the "⋯" button.
import { exportUrl } from "./api.mjs";
import { disclosureMenu } from "./menu.mjs";

const $ = (id) => document.getElementById(id);

export const conversationPath = (id) => `/c/${encodeURIComponent(id)}`;

// The conversation id in the page's address, if any.
export function conversationInPath() {
  const match = /^\/c\/([^/]+)\/?$/.exec(window.location.pathname);
  return match ? decodeURIComponent(match[1]) : null;
}

// handlers: { onOpen(id), onRename(conversation, link), onDelete(conversation, link) }
function item(c, handlers) {
  const li = document.createElement("li");
  li.className = "ra-conversation";
  li.dataset.id = c.conversation_id;
  const link = document.createElement("a");
  link.className = "ra-conversation__open";
  link.href = conversationPath(c.conversation_id);
  link.textContent = c.title;
  link.setAttribute("aria-describedby", "history-hint");
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    handlers.onOpen(c.conversation_id);
  });
  const menu = disclosureMenu({
    text: "⋯",
    label: `Actions for “${c.title}”`,
    tabbable: false,
    returnTo: link,
    items: [
      { text: "Rename", label: `Rename “${c.title}”`, onSelect: (from) => handlers.onRename(c, from) },
      { text: "Delete", label: `Delete “${c.title}”`, onSelect: (from) => handlers.onDelete(c, from) },
      { text: "Export as Word (.docx)", href: exportUrl(c.conversation_id, "docx"), download: true },
      { text: "Export as PDF", href: exportUrl(c.conversation_id, "pdf"), download: true },
    ],
  });
  menu.root.classList.add("ra-conversation__menu");
  link.addEventListener("keydown", (event) => {
    if (event.key === "ArrowRight" || event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) {
      event.preventDefault();
      menu.open();
    }
  });
  li.append(link, menu.root);
  return li;
}

export function renderHistory(conversations, currentId, handlers) {
  const list = $("conversation-list");
  const focused = list.contains(document.activeElement) ? document.activeElement.closest("li")?.dataset.id : null;
  list.replaceChildren(...conversations.map((c) => item(c, handlers)));
  if (focused) focusConversation(focused);  // a refresh never drops the keyboard's place
  $("history-empty").hidden = conversations.length > 0;
  markCurrent(currentId);
}

// Marks the open conversation (aria-current) in the list.
export function markCurrent(currentId) {
  for (const li of $("conversation-list").children) {
    const link = li.querySelector(".ra-conversation__open");
    if (li.dataset.id === currentId) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

export function focusConversation(id) {
  const li = [...$("conversation-list").children].find((el) => el.dataset.id === id);
  const target = li ? li.querySelector(".ra-conversation__open") : $("new-conversation");
  target.focus();
}
