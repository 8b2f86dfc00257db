/*
 * Kestrel support desk: the website chat widget.
 *
 * Embed with <script src="https://HUB/widget.js" defer></script>; add data-language="en" or
 * "zh" to fix the language. Speaks the hub's socket.io protocol (docs/hub-protocol.md).
 * The host page gets window.KestrelDesk = {init(user), open(), close(), sessionId()}.
 * For a logged-in user the page passes what the exchange's backend computed:
 * KestrelDesk.init({userId, userHash, name, attributes}) or KestrelDesk.init({userToken}),
 * or sets window.kestrelDeskSettings to the same object before this script runs.
 *
 * This file stays a classic script, so that one tag embeds it on any page. The widget itself
 * is ES modules in static/widget/ and static/shared/, imported from wherever this file came
 * from (the hub serves them with Access-Control-Allow-Origin: module imports need it).
 */
(function () {
  "use strict";

  if (window.KestrelDesk) return; // embedded twice

  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  const base = new URL(".", new URL(script.src, location.href)).href;
  let widget = null;
  let pending = null; // open() or close() called before the modules arrived
  let identity = window.kestrelDeskSettings || null; // init() before the modules arrived

  window.KestrelDesk = Object.freeze({
    init(user) {
      identity = user || null;
      if (widget) widget.identify(identity);
    },
    open() {
      if (widget) widget.open();
      else pending = "open";
    },
    close() {
      if (widget) widget.close();
      else pending = "close";
    },
    sessionId() {
      if (widget) return widget.sessionId();
      try {
        return localStorage.getItem("kestrelDesk.sessionId"); // where widget/transport.js keeps it
      } catch {
        return null;
      }
    },
  });

  const domReady = new Promise((resolve) => {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve);
    else resolve();
  });
  Promise.all([import(new URL("static/widget/app.js", base).href), domReady])
    .then(([app]) => {
      widget = app.start({ base, hub: new URL(base).origin, language: script.dataset.language });
      if (identity) widget.identify(identity);
      if (pending) widget[pending]();
    })
    .catch((error) => console.error("Kestrel support chat could not load", error));
})();
