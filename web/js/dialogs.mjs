// Rename and delete confirmations in modal dialogs (NHS styles, error summary on an empty name).
// Each returns a promise; focus goes back to `returnTo` when the dialog closes.

const $ = (id) => document.getElementById(id);

function modal(dialog, returnTo, wire) {
  return new Promise((resolve) => {
    let result = null;
    const unwire = wire((value) => {
      result = value;
      dialog.close();
    });
    const cancel = () => dialog.close();
    const cancels = [...dialog.querySelectorAll("[data-cancel]")];
    cancels.forEach((b) => b.addEventListener("click", cancel));
    dialog.addEventListener(
      "close",
      () => {
        unwire();
        cancels.forEach((b) => b.removeEventListener("click", cancel));
        resolve(result);
        if (returnTo && returnTo.isConnected) returnTo.focus();
      },
      { once: true },
    );
    dialog.showModal();
  });
}

function showRenameError(show) {
  $("rename-error-summary").hidden = !show;
  $("rename-error").hidden = !show;
  $("rename-group").classList.toggle("nhsuk-form-group--error", show);
  const input = $("rename-input");
  input.classList.toggle("nhsuk-input--error", show);
  if (show) input.setAttribute("aria-describedby", "rename-error");
  else input.removeAttribute("aria-describedby");
}

// The new name, or null when cancelled.
export function askNewName(current, returnTo) {
  const dialog = $("rename-dialog");
  const form = $("rename-form");
  const input = $("rename-input");
  showRenameError(false);
  input.value = current;
  const summaryLink = $("rename-error-summary").querySelector("a");
  const focusInput = (event) => {
    event.preventDefault();
    input.focus();
  };
  const opened = modal(dialog, returnTo, (done) => {
    const submit = (event) => {
      event.preventDefault();
      const title = input.value.trim();
      if (!title) {
        showRenameError(true);
        $("rename-error-summary").focus();
        return;
      }
      done(title);
    };
    form.addEventListener("submit", submit);
    summaryLink.addEventListener("click", focusInput);
    return () => {
      form.removeEventListener("submit", submit);
      summaryLink.removeEventListener("click", focusInput);
    };
  });
  input.select();
  return opened;
}

// True when the person confirms deleting the conversation called `title`.
export async function confirmDelete(title, returnTo) {
  const dialog = $("delete-dialog");
  $("delete-body").textContent = `“${title}” and all its questions and answers will be deleted. This cannot be undone.`;
  const confirmed = modal(dialog, returnTo, (done) => {
    const yes = () => done(true);
    $("delete-confirm").addEventListener("click", yes);
    return () => $("delete-confirm").removeEventListener("click", yes);
  });
  dialog.querySelector("[data-cancel]").focus();  // the safe choice first
  return (await confirmed) === true;
}
