export { el, isNearBottom, scrollToBottom } from "/static/shared/dom.js";

/** The console page's element with this id. */
export const $ = (id) => document.getElementById(id);
