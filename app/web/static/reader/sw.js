// The reader's service worker: network first, cache as the fallback. A meeting's packet is
// cached only when the reader asks ("Tải về để đọc khi không có mạng"); on every later visit online, what
// was replaced or revoked is dropped. Secret documents never exist digitally, so never here.
const STATIC = "kyhop-static-v1";
const SHELL = [
  "/static/reader/reader.css", "/static/reader/textsize.js", "/static/reader/reader.js",
  "/static/reader/viewer.js", "/static/pdfjs/build/pdf.min.mjs",
  "/static/pdfjs/build/pdf.worker.min.mjs", "/static/pdfjs/web/pdf_viewer.mjs",
  "/static/pdfjs/web/pdf_viewer.css",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC).then((cache) => cache.addAll(SHELL)));
  self.skipWaiting();
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

const meetingCache = (id) => `kyhop-meeting-${id}`;

async function fromCaches(request) {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const hit = await cache.match(request.url, { ignoreVary: true });
    if (hit) return hit;
  }
  return undefined;
}

// pdf.js reads large files in ranges: answer them from the cached whole file.
async function sliced(response, range) {
  const match = /^bytes=(\d*)-(\d*)$/.exec(range || "");
  if (!match) return response;
  const body = await response.blob();
  const start = match[1] === "" ? Math.max(0, body.size - Number(match[2])) : Number(match[1]);
  const end = match[1] !== "" && match[2] !== "" ? Math.min(Number(match[2]), body.size - 1)
    : body.size - 1;
  return new Response(body.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": response.headers.get("Content-Type") || "application/pdf",
      "Content-Range": `bytes ${start}-${end}/${body.size}`,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (!url.pathname.startsWith("/reader") && !url.pathname.startsWith("/api/documents/")
      && !url.pathname.startsWith("/static/")) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if ([401, 403, 404].includes(response.status) && url.pathname.startsWith("/reader/meetings/")) {
        // Revoked or no longer visible: forget the offline copy too.
        await caches.delete(meetingCache(url.pathname.split("/")[3]));
      }
      return response;
    } catch (offline) {
      const cached = await fromCaches(request);
      if (!cached) throw offline;
      return sliced(cached, request.headers.get("Range"));
    }
  })());
});

// The meeting page sends the URLs that make up its packet: download them (or, on a later
// visit, drop what is no longer part of it).
self.addEventListener("message", (event) => {
  const { type, meeting, urls } = event.data || {};
  if (type !== "packet") return;
  event.waitUntil((async () => {
    const cache = await caches.open(meetingCache(meeting));
    const wanted = new Set(urls.map((u) => new URL(u, location.origin).href));
    for (const request of await cache.keys()) {
      if (!wanted.has(request.url)) await cache.delete(request);
    }
    if (event.data.download) {
      let done = 0;
      for (const u of urls) {
        const response = await fetch(u, {
          credentials: "same-origin", headers: { "X-Kyhop-Prefetch": "1" },
        });
        if (response.ok) await cache.put(u, response);
        done += 1;
        event.source.postMessage({ type: "progress", done, total: urls.length });
      }
    }
  })());
});
