// Registers the reader's service worker, runs the "download for offline" button and says
// when the network is gone.
(function () {
  "use strict";
  // Offline, every page says so: what is shown is the downloaded copy, and nothing is sent.
  var net = document.getElementById("net");
  function network() { net.hidden = navigator.onLine; }
  network();
  addEventListener("online", network);
  addEventListener("offline", network);
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/reader/sw.js", { scope: "/reader/" });
  var button = document.getElementById("offline");
  var packet = document.getElementById("packet-urls");
  if (!packet) return;
  var urls = JSON.parse(packet.textContent);
  var meeting = packet.dataset.meeting;
  var status = document.getElementById("offline-status");

  function send(download) {
    navigator.serviceWorker.ready.then(function (registration) {
      registration.active.postMessage({ type: "packet", meeting: meeting, urls: urls,
                                        download: download });
    });
  }
  // Every online visit reconciles the offline copy with what the packet is now.
  if (navigator.onLine) send(false);
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data.type !== "progress") return;
    status.textContent = event.data.done + " / " + event.data.total;
    if (event.data.done === event.data.total) {
      status.textContent = status.dataset.done;
      document.body.dataset.offline = "ready";
    }
  });
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { send(true); });
  }
})();
