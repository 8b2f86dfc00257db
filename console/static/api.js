// The console's HTTP API (docs/hub-protocol.md, "Agent console"): JSON in and out, the
// session cookie, and the CSRF token on every request that changes something.

import { t } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let csrfToken = "";

/** Remember the token GET /api/me gave; state-changing requests send it. */
export function setCsrfToken(token) {
  csrfToken = token;
}

/** Call the API; resolve to the JSON answer (or null), reject with an ApiError. */
export async function api(path, { method = "GET", json, form } = {}) {
  const headers = { Accept: "application/json" };
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let body = form;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  }
  const response = await fetch(path, { method, headers, body, credentials: "same-origin" });
  const data = await response.json().catch(() => null); // login and logout need not answer JSON
  if (!response.ok) {
    throw new ApiError(
      response.status,
      data?.error ?? `http_${response.status}`,
      data?.message ?? t.serverAnswered(response.status),
    );
  }
  return data;
}

export const conversationPath = (cid) => `/api/conversations/${encodeURIComponent(cid)}`;
