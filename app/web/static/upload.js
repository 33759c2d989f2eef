// Progressive enhancement of the packet upload form: several files at once, drag and drop,
// one request per file to the API with per-file results. Without JavaScript the form still
// posts one file to the office route.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.fetch || !window.FormData) return;
  var input = form.querySelector("input[type=file]");
  var zone = document.getElementById("dropzone");
  var results = document.getElementById("upload-results");

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) { input.files = e.dataTransfer.files; });

  function report(text, ok) {
    var li = document.createElement("li");
    li.className = ok ? "ok" : "fail";
    li.textContent = text;
    results.appendChild(li);
  }

  form.addEventListener("submit", async function (e) {
    e.preventDefault();
    results.textContent = "";
    var files = Array.prototype.slice.call(input.files);
    var failed = 0;
    for (var i = 0; i < files.length; i++) {
      var data = new FormData(form);
      data.delete("file");
      if (!data.get("title") || files.length > 1) {
        data.set("title", files[i].name.replace(/\.(pdf|docx|xlsx|odt|ods)$/i, ""));
      }
      data.append("file", files[i], files[i].name);
      try {
        var response = await fetch(form.dataset.api, {
          method: "POST", body: data, credentials: "same-origin",
          headers: { "X-CSRF-Token": form.dataset.csrf },
        });
        var body = await response.json();
        if (response.ok) { report(files[i].name + " ✓", true); }
        else { failed++; report(files[i].name + ": " + body.error.message, false); }
      } catch (err) {
        failed++;
        report(files[i].name + ": " + err, false);
      }
    }
    if (!failed) { window.location.reload(); }
  });
})();
