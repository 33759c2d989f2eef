// A form with data-confirm="…" asks before it is sent: convening, opening and closing the
// session, closing a vote. The question comes from the page, in the user's language; a "no"
// stops the form before any other script sees it.
"use strict";

document.addEventListener("submit", (event) => {
  const question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
