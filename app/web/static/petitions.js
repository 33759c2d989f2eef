// The office's batch entry: one petition per line of the textarea, with the form's field and
// area (apiform.js sends the form; this turns the lines into the API's list).
"use strict";

(() => {
  const form = document.querySelector('form[data-api$="/petitions"]');
  if (!form) return;
  window.ApiForm.parsers.petitions = (value) => {
    const field = form.elements.field.value;
    const area = form.elements.area.value.trim();
    return value.split("\n").map((line) => line.trim()).filter(Boolean)
      .map((content) => ({ content, field, area }));
  };
  // field and area belong to each petition, not to the batch
  window.ApiForm.parsers.field = () => undefined;
  window.ApiForm.parsers.area = () => undefined;
})();
