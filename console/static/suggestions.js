// Knowledge-base articles for the open conversation: the hub's suggestions, or what the agent
// searches for. "Insert" puts an article in the composer.

import { api } from "./api.js";
import { insertIntoComposer } from "./composer.js";
import { $, el } from "./dom.js";
import { excerpt, percent, t } from "./i18n.js";
import { reportError } from "./notify.js";
import { openLanguage, state } from "./state.js";

const KB_SEARCH_DELAY_MS = 300;
let searchTimer = 0;

export function bindSuggestions() {
  $("kb-search").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, KB_SEARCH_DELAY_MS);
  });
}

export function renderSuggestions(articles) {
  $("suggestions").replaceChildren(...articles.map(suggestionNode));
}

function suggestionNode(article) {
  const insert = el("button", { type: "button", className: "link", "data-testid": "suggestion-insert", text: t.insert });
  insert.addEventListener("click", () => insertIntoComposer(`${article.title}\n\n${article.body}`));
  return el("li", { className: "suggestion", "data-testid": "suggestion" }, [
    el("div", { className: "suggestion-head" }, [
      el("span", { className: "suggestion-title", text: article.title }),
      article.confidence != null && el("span", { className: "confidence", text: percent(article.confidence) }),
    ]),
    el("p", { className: "suggestion-excerpt", text: excerpt(article.body) }),
    insert,
  ]);
}

async function search() {
  const open = state.open;
  const query = $("kb-search").value.trim();
  if (!open) return;
  if (!query) {
    renderSuggestions(open.suggestions);
    return;
  }
  const params = new URLSearchParams({ q: query, language: openLanguage(open) });
  try {
    const articles = await api(`/api/kb/search?${params}`);
    // Answers can overtake each other; show only the one for what is in the box now.
    if (state.open === open && $("kb-search").value.trim() === query) renderSuggestions(articles);
  } catch (error) {
    reportError(error);
  }
}
