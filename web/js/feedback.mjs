// Feedback on one answer: a rating and a comment, saved in either order as one record
// (the server keeps one record per person and answer and updates it).
import { call } from "./api.mjs";

let counter = 0;

function linkButton(text, className = "ra-link-button") {
  const button = document.createElement("button");
  button.type = "button";
  button.className = className;
  button.textContent = text;
  return button;
}

export function feedbackControls(response) {
  counter += 1;
  const box = document.createElement("div");
  box.className = "ra-feedback";
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", "Feedback on this answer");
  const question = document.createElement("span");
  question.textContent = "Was this answer helpful?";
  const up = linkButton("Helpful");
  const down = linkButton("Not helpful");
  for (const b of [up, down]) b.setAttribute("aria-pressed", "false");
  const label = document.createElement("label");
  label.className = "nhsuk-u-visually-hidden";
  label.htmlFor = `feedback-comment-${counter}`;
  label.textContent = "Comment on this answer (optional)";
  const comment = document.createElement("input");
  comment.id = label.htmlFor;
  comment.className = "nhsuk-input ra-feedback__comment";
  comment.placeholder = "Optional comment";
  comment.maxLength = 2000;
  const saveComment = linkButton("Save comment", "nhsuk-button nhsuk-button--secondary ra-small-button ra-feedback__save");
  const result = document.createElement("span");
  result.className = "ra-feedback__result";
  result.setAttribute("role", "status");

  let rating = null;
  let savedComment = "";
  const save = async (done) => {
    const text = comment.value.trim();
    const before = savedComment;
    savedComment = text;  // a blur and a click on "Save comment" send it once
    try {
      await call("POST", "/api/feedback", { message_id: response.message_id, rating, comment: text || null });
      result.textContent = done(text);
    } catch (error) {
      savedComment = before;
      result.textContent = `Feedback was not recorded: ${error.message}`;
    }
  };
  const rate = (value) => () => {
    rating = value;
    up.setAttribute("aria-pressed", String(value === "up"));
    down.setAttribute("aria-pressed", String(value === "down"));
    save((text) => (text ? "Thank you — your rating and comment were recorded." : "Thank you — your feedback was recorded. You can add a comment too."));
  };
  const storeComment = () => {
    const text = comment.value.trim();
    if (!text || text === savedComment) return;
    if (!rating) {
      result.textContent = "Choose “Helpful” or “Not helpful” and your comment is saved with it.";
      return;
    }
    save(() => "Your comment was recorded.");
  };
  up.addEventListener("click", rate("up"));
  down.addEventListener("click", rate("down"));
  saveComment.addEventListener("click", storeComment);
  comment.addEventListener("change", () => { if (rating) storeComment(); });
  comment.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      storeComment();
    }
  });
  box.append(question, up, down, label, comment, saveComment, result);
  return box;
}
