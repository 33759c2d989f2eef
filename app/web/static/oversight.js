// The office's new supervision (apiform.js sends it): the agencies a line each, the running
// body left out when it is the council itself, the team's head and its members ticked.
"use strict";

if (window.ApiForm) window.ApiForm.builders.supervision = (form) => {
  const value = (name) => form.elements[name].value.trim();
  return {
    title: value("title"),
    kind: value("kind"),
    ...(value("body_id") ? { body_id: Number(value("body_id")) } : {}),
    subject: value("subject"),
    agencies: value("agencies").split("\n").map((line) => line.trim()).filter(Boolean),
    team: [
      ...(value("head") ? [{ user_id: Number(value("head")), role: "head" }] : []),
      ...[...form.querySelectorAll("[name=member]:checked")]
        .filter((box) => box.value !== value("head"))
        .map((box) => ({ user_id: Number(box.value), role: "member" })),
    ],
    starts_on: value("starts_on"),
    ends_on: value("ends_on"),
  };
};

// A working session: its moment as Vietnam time.
if (window.ApiForm) window.ApiForm.builders.session = (form) => ({
  title: form.elements.title.value.trim(),
  starts_at: `${form.elements.starts_at.value}:00+07:00`,
  location: form.elements.location.value.trim(),
});
