// Office forms that speak to the JSON API: <form data-api="/api/…" [data-method="PUT"]
// [data-body='{…}']>. Fields become a JSON body (numbers from number inputs and *_id fields;
// a page may register a parser for a field in ApiForm.parsers before the DOM is ready). The
// session's CSRF token (meta csrf-token) rides in a header; the page reloads on success to
// show the new state, and a refusal shows the API's Vietnamese message in [data-api-error].
"use strict";

window.ApiForm = { parsers: {} };

document.addEventListener("DOMContentLoaded", () => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";

  function body(form) {
    if (form.dataset.body) return JSON.parse(form.dataset.body);
    const out = {};
    for (const [name, value] of new FormData(form)) {
      if (value === "") continue;
      const input = form.elements[name];
      const parse = window.ApiForm.parsers[name];
      if (parse) out[name] = parse(value);
      else if ((input && input.type === "number") || name.endsWith("_id")) out[name] = Number(value);
      else out[name] = value;
    }
    return out;
  }

  function showError(message) {
    const box = document.querySelector("[data-api-error]");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
  }

  // multipart forms (uploads) have their own script: upload.js
  for (const form of document.querySelectorAll('form[data-api]:not([enctype="multipart/form-data"])')) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const response = await fetch(form.dataset.api, {
        method: form.dataset.method || "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(body(form)),
      });
      if (response.ok) {
        window.location.reload();
        return;
      }
      const data = await response.json().catch(() => null);
      showError((data && data.error && data.error.message) || response.statusText);
    });
  }
});
