// The office's new supervision (apiform.js sends it): the agencies a line each, the running
// body left out when it is the council itself.
"use strict";

if (window.ApiForm) window.ApiForm.builders.supervision = (form) => {
  const value = (name) => form.elements[name].value.trim();
  return {
    title: value("title"),
    kind: value("kind"),
    ...(value("body_id") ? { body_id: Number(value("body_id")) } : {}),
    subject: value("subject"),
    agencies: value("agencies").split("\n").map((line) => line.trim()).filter(Boolean),
    starts_on: value("starts_on"),
    ends_on: value("ends_on"),
  };
};
