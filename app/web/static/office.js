// Small behaviours of the office's pages (no framework; the CSP allows only our own files).
"use strict";

// A form with data-confirm="…" asks before it is sent: convening, opening and closing the
// session, closing a vote. The question comes from the page, in the user's language; a "no"
// stops the form before any other script sees it.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// A page drawn as a form's answer (a new access link, shown once) takes the page's own
// address in the history (data-form-answer), so that reloading it shows the page again
// instead of sending the form twice.
const answer = document.querySelector("[data-form-answer]");
if (answer) history.replaceState(null, "", answer.dataset.formAnswer);

// A page that waits on someone else (the signer's approval on their phone) looks again by
// itself every data-look-again seconds; without scripts, its "look again" link does it.
const waiting = document.querySelector("[data-look-again]");
if (waiting) {
  setTimeout(() => location.reload(), Number(waiting.dataset.lookAgain) * 1000);
}

// A page that follows work done elsewhere (the signing command on the signer's computer)
// asks data-watch for its status every few seconds: done, it goes to data-done; stopped
// (expired, refused), it says so.
const watched = document.querySelector("[data-watch]");
if (watched) {
  const look = async () => {
    try {
      const response = await fetch(watched.dataset.watch, { credentials: "same-origin" });
      const { status } = await response.json();
      if (status === "signed") { location.assign(watched.dataset.done); return; }
      if (status !== "device" && status !== "waiting") {
        watched.textContent = watched.dataset.stopped;
        watched.classList.add("error");
        return;
      }
    } catch (error) { /* offline for a moment: look again */ }
    setTimeout(look, 3000);
  };
  setTimeout(look, 3000);
}
