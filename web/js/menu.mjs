// A disclosure menu: a button that shows a short list of actions (links or buttons).
// Escape or leaving the menu closes it; the arrow keys move between its actions.

let counter = 0;
const openMenus = new Set();

document.addEventListener("click", (event) => {
  for (const menu of [...openMenus]) if (!menu.root.contains(event.target)) menu.close(false);
});

// items: [{ text, label?, href?, download?, onSelect? }]; returns { root, button, open, close }.
export function disclosureMenu({ text, label, items, tabbable = true, buttonClass, returnTo }) {
  counter += 1;
  const root = document.createElement("div");
  root.className = "ra-menu";
  const button = document.createElement("button");
  button.type = "button";
  button.className = buttonClass || "ra-link-button ra-menu__button";
  button.textContent = text;
  if (label) button.setAttribute("aria-label", label);
  button.setAttribute("aria-expanded", "false");
  if (!tabbable) button.tabIndex = -1;
  const list = document.createElement("ul");
  list.className = "ra-menu__list";
  list.id = `ra-menu-${counter}`;
  list.hidden = true;
  button.setAttribute("aria-controls", list.id);

  const menu = { root, button };
  const actions = items.map((item) => {
    const li = document.createElement("li");
    let action;
    if (item.href) {
      action = document.createElement("a");
      action.href = item.href;
      if (item.download) action.setAttribute("download", "");
      action.addEventListener("click", () => menu.close(false));
    } else {
      action = document.createElement("button");
      action.type = "button";
      action.addEventListener("click", () => {
        menu.close(false);
        item.onSelect(returnTo || button);
      });
    }
    action.className = "ra-menu__action";
    action.textContent = item.text;
    if (item.label) action.setAttribute("aria-label", item.label);
    li.append(action);
    list.append(li);
    return action;
  });

  menu.open = () => {
    list.hidden = false;
    button.setAttribute("aria-expanded", "true");
    root.classList.add("ra-menu--open");
    openMenus.add(menu);
    actions[0].focus();
  };
  menu.close = (restoreFocus = true) => {
    if (list.hidden) return;
    list.hidden = true;
    button.setAttribute("aria-expanded", "false");
    root.classList.remove("ra-menu--open");
    openMenus.delete(menu);
    if (restoreFocus) (returnTo || button).focus();
  };
  button.addEventListener("click", (event) => {
    event.stopPropagation();
    if (list.hidden) menu.open();
    else menu.close();
  });
  list.addEventListener("keydown", (event) => {
    const at = actions.indexOf(document.activeElement);
    if (event.key === "Escape" || event.key === "ArrowLeft") {
      event.preventDefault();
      event.stopPropagation();
      menu.close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      actions[(at + step + actions.length) % actions.length].focus();
    }
  });
  root.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) menu.close(false);
  });
  root.append(button, list);
  return menu;
}
