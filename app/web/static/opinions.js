// The office's new written-opinion form (apiform.js sends it): a line a question, the drafts
// and the delegates ticked, the deadline as Vietnam time.
"use strict";

if (window.ApiForm) window.ApiForm.builders["opinion-form"] = (form) => {
  const lines = (name) => form.elements[name].value.split("\n").map((line) => line.trim()).filter(Boolean);
  const ticked = (name) => [...form.querySelectorAll(`[name=${name}]:checked`)].map((box) => Number(box.value));
  return {
    title: form.elements.title.value,
    questions: [
      ...lines("choice_questions").map((text) => ({ text, kind: "choice" })),
      ...lines("text_questions").map((text) => ({ text, kind: "text" })),
    ],
    deadline: `${form.elements.deadline.value}:00+07:00`,
    secret: form.elements.secret.checked,
    decides: form.elements.decides.checked,
    comments_shared: form.elements.comments_shared.checked,
    document_ids: ticked("document"),
    recipient_ids: ticked("recipient"),
  };
};
