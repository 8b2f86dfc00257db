// Canned responses, in the open conversation's language; a click puts one in the composer.

import { localized } from "/static/shared/language.js";
import { api } from "./api.js";
import { insertIntoComposer } from "./composer.js";
import { $, el } from "./dom.js";
import { reportError } from "./notify.js";
import { openLanguage, state } from "./state.js";

export async function loadCanned() {
  try {
    state.canned = await api("/api/canned");
  } catch (error) {
    reportError(error);
    return;
  }
  renderCanned();
}

export function renderCanned() {
  const language = openLanguage(state.open);
  $("canned").replaceChildren(...state.canned.map((response) => {
    const text = localized(response.text, language);
    const button = el("button", { type: "button", className: "canned-item", "data-testid": "canned-item" }, [
      el("span", { className: "canned-title", text: response.title }),
      el("span", { className: "canned-text", text }),
    ]);
    button.addEventListener("click", () => insertIntoComposer(text));
    return el("li", {}, [button]);
  }));
}
