// Internal notes on the open conversation: only agents see them.

import { clockTime } from "/static/shared/time.js";
import { api, conversationPath } from "./api.js";
import { $, el } from "./dom.js";
import { reportError } from "./notify.js";
import { state } from "./state.js";

export function bindNotes() {
  $("note-form").addEventListener("submit", addNote);
}

export function renderNotes(notes) {
  $("notes").replaceChildren(...notes.map(noteNode));
}

function noteNode(note) {
  const meta = [note.agent_name, note.created_at && clockTime(note.created_at)].filter(Boolean);
  return el("li", { className: "note" }, [
    el("div", { className: "note-text", text: note.text }),
    el("div", { className: "note-meta", text: meta.join(" · ") }),
  ]);
}

async function addNote(event) {
  event.preventDefault();
  const input = $("note-input");
  const text = input.value.trim();
  const cid = state.open?.cid;
  if (!text || !cid) return;
  try {
    const data = await api(`${conversationPath(cid)}/notes`, { method: "POST", json: { text } });
    input.value = "";
    const note = { text, agent_name: state.me.display_name, created_at: new Date().toISOString(), ...data?.note };
    if (state.open?.cid === cid) $("notes").append(noteNode(note));
  } catch (error) {
    reportError(error);
  }
}
