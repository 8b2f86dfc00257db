// Toasts, and what the agent is told when a request fails.

import { ApiError } from "./api.js";
import { $ } from "./dom.js";
import { t } from "./i18n.js";

const TOAST_MS = 5000;
let toastTimer = 0;

export function showToast(text) {
  const toast = $("toast");
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, TOAST_MS);
}

/** Show a failed request; a 401 means the session ended, and the reload shows the login form. */
export function reportError(error) {
  if (error instanceof ApiError && error.status === 401) {
    location.reload();
    return;
  }
  if (!(error instanceof ApiError)) console.error(error);
  showToast(error instanceof ApiError ? error.message : t.couldNotReach);
}
