// The demo help-centre pages (/ and /zh): their search box is a mock-up, and "Chat with
// support" opens the widget. A module rather than inline script, for a strict CSP.

document.querySelector("form.search")?.addEventListener("submit", (event) => event.preventDefault());
document.getElementById("contact-support")?.addEventListener("click", () => window.KestrelDesk?.open());
