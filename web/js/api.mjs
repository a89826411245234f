// Talking to the Review Assistant API: JSON calls with the CSRF token, and the SSE answer stream.

let csrfToken = null;

export function setCsrf(token) {
  csrfToken = token || null;
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(typeof detail === "string" ? detail : "The request was not accepted.");
    this.status = status;
  }
}

function headers(extra = {}) {
  const h = { Accept: "application/json", ...extra };
  if (csrfToken) h["X-CSRF-Token"] = csrfToken;
  return h;
}

export async function call(method, path, body) {
  const init = { method, headers: headers(body ? { "Content-Type": "application/json" } : {}), credentials: "same-origin" };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, data.detail);
  return data;
}

// POST /api/chat/stream, calling onToken(text) for each token and resolving with the final
// ChatResponse. Falls back to POST /api/chat if the stream endpoint is unavailable.
export async function ask(message, conversationId, onToken) {
  const body = { message, conversation_id: conversationId };
  const response = await fetch("/api/chat/stream", {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  if (response.status === 404 || response.status === 405) return call("POST", "/api/chat", body);
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw new ApiError(response.status, data.detail);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let final = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const event = parseEvent(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      if (event.type === "token") onToken(JSON.parse(event.data).text || "");
      else if (event.type === "final") final = JSON.parse(event.data);
      else if (event.type === "error") throw new ApiError(500, JSON.parse(event.data).detail);
    }
  }
  if (!final) throw new ApiError(502, "The answer stream ended early. Please ask again.");
  return final;
}

function parseEvent(block) {
  let type = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) type = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  return { type, data: data.join("\n") };
}

// Where the board-paper export of a conversation (or of one answer) is downloaded from.
export function exportUrl(conversationId, format, messageId) {
  const query = new URLSearchParams({ format });
  if (messageId) query.set("message_id", messageId);
  return `/api/conversations/${encodeURIComponent(conversationId)}/export?${query}`;
}
