// Office forms that speak to the JSON API: <form data-api="/api/…" [data-method="PUT"]
// [data-body='{…}']>; a multipart form is sent as it is (a file). Fields become a JSON body (numbers from number inputs and *_id fields;
// a page may register a parser for a field in ApiForm.parsers, or for a whole form with
// data-build="name" a builder in ApiForm.builders, before the DOM is ready). The
// session's CSRF token (meta csrf-token) rides in a header; the page reloads on success to
// show the new state, and a refusal shows the API's Vietnamese message in [data-api-error].
"use strict";

window.ApiForm = { parsers: {}, builders: {} };

document.addEventListener("DOMContentLoaded", () => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";

  function body(form) {
    if (form.dataset.body) return JSON.parse(form.dataset.body);
    if (form.dataset.build) return window.ApiForm.builders[form.dataset.build](form);
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

  // the packet's upload form has its own script (upload.js: progress, several files)
  for (const form of document.querySelectorAll("form[data-api]:not([data-upload])")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const response = await fetch(form.dataset.api, {
        method: form.dataset.method || "POST",
        credentials: "same-origin",
        ...(form.enctype === "multipart/form-data"
          ? { headers: { "X-CSRF-Token": csrf }, body: new FormData(form) }
          : {
            headers: { "content-type": "application/json", "X-CSRF-Token": csrf },
            body: JSON.stringify(body(form)),
          }),
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
