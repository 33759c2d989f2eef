// Kỳ Họp Số widget for a commune website: the council's latest published resolutions.
// <script src="https://…/static/widget.js" data-council="ID" defer></script>
// Reads the open-data JSON (CORS-enabled), renders plain text nodes only: nothing from the
// data is ever interpreted as HTML on the host page.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const base = new URL(script.src).origin;
  const council = script.dataset.council;
  const limit = Number(script.dataset.limit || 5);
  const box = document.createElement("div");
  box.className = "kyhop-widget";
  const list = document.createElement("ul");
  box.append(list);
  script.after(box);
  const url = `${base}/api/public/documents?council_id=${encodeURIComponent(council)}&doc_type=resolution&limit=${limit}`;
  fetch(url)
    .then((response) => (response.ok ? response.json() : []))
    .then((items) => {
      for (const item of items) {
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.href = item.url;
        link.textContent = item.number ? `${item.number}: ${item.title}` : item.title;
        li.append(link);
        list.append(li);
      }
    })
    .catch(() => { box.hidden = true; });
})();
