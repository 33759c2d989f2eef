// Adjustable text size for older readers, remembered on this device.
(function () {
  "use strict";
  var root = document.documentElement;
  var scale = parseFloat(localStorage.getItem("kyhop.scale") || "1");
  root.style.setProperty("--scale", scale);
  document.addEventListener("click", function (e) {
    var step = e.target && e.target.dataset && e.target.dataset.size;
    if (!step) return;
    scale = Math.min(1.8, Math.max(0.8, scale + 0.15 * Number(step)));
    localStorage.setItem("kyhop.scale", String(scale));
    root.style.setProperty("--scale", scale);
  });
})();
