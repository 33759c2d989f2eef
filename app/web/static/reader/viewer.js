// The document viewer: pdf.js (served locally) loading the PDF in ranges, so page 1 shows
// before a large file has arrived; zoom, page numbers, search and page thumbnails.
//
// On a slow link page 1 comes first as an image the server drew: pdf.js (hundreds of KB) and
// its stylesheet are fetched only once that image is in (or failed), so they never share the
// line with it. The image stands in until pdf.js has drawn a page itself.
const status = document.getElementById("status");
const firstLook = document.getElementById("first-look");
await new Promise((resolve) => {
  if (firstLook.complete) resolve();
  firstLook.addEventListener("load", resolve);
  firstLook.addEventListener("error", resolve);
});
if (!firstLook.naturalWidth) {
  firstLook.remove();
  status.textContent = status.dataset.loading;
}
const styled = new Promise((resolve) => {
  const sheet = Object.assign(document.createElement("link"), {
    rel: "stylesheet", href: "/static/pdfjs/web/pdf_viewer.css",
  });
  sheet.addEventListener("load", resolve);
  sheet.addEventListener("error", resolve);
  document.head.appendChild(sheet);
});
const pdfjsLib = await import("/static/pdfjs/build/pdf.min.mjs");
globalThis.pdfjsLib = pdfjsLib;
pdfjsLib.GlobalWorkerOptions.workerSrc = "/static/pdfjs/build/pdf.worker.min.mjs";
const { EventBus, PDFFindController, PDFLinkService, PDFViewer } = await import(
  "/static/pdfjs/web/pdf_viewer.mjs"
);

const root = document.getElementById("reader");
const pageInput = document.getElementById("page");
const thumbs = document.getElementById("thumbs");
const container = document.getElementById("viewerContainer");
const reflow = document.getElementById("reflow");
// The viewer (or the text mode) fills the screen below the toolbar: pdf.js needs a positioned,
// sized container. Whatever changes above it (notes, thumbnails, a message) moves it down.
function placeViewer() {
  let above = 0;
  for (const part of root.children) {
    if (part === container || part === reflow) continue;
    above = Math.max(above, part.getBoundingClientRect().bottom); // 0 for what is not shown
  }
  container.style.top = reflow.style.top = `${above}px`;
}
placeViewer();
addEventListener("resize", placeViewer);
const placing = new ResizeObserver(placeViewer);
placing.observe(root);
placing.observe(document.getElementById("net")); // the offline notice above the reader

// Reading on a phone: scrolling down folds the bars away so the page takes the screen;
// scrolling up (or a tap) brings them back. Only the reader's own gestures count, not a jump
// to a page or a search hit.
let lastTop = 0;
let gesture = 0;
let settling = 0; // folding the bars resizes the viewer, which scrolls it: not the reader's doing
function immersive(on) {
  if (document.body.classList.contains("immersive") === on) return;
  document.body.classList.toggle("immersive", on);
  placeViewer();
  settling = Date.now() + 400;
  gesture = 0; // the next change needs a gesture of its own
}
for (const scroller of [container, reflow]) {
  for (const kind of ["touchmove", "wheel"]) {
    scroller.addEventListener(kind, () => { gesture = Date.now(); }, { passive: true });
  }
  scroller.addEventListener("scroll", () => {
    const top = scroller.scrollTop;
    const writing = !document.getElementById("note").hidden;
    if (Date.now() - gesture < 1000 && Date.now() > settling) {
      if (top > lastTop + 12 && top > 48 && !writing) immersive(true);
      else if (top < lastTop - 12) immersive(false);
    }
    lastTop = top;
  }, { passive: true });
  scroller.addEventListener("click", () => immersive(false));
}

await styled;
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const findController = new PDFFindController({ eventBus, linkService });
const viewer = new PDFViewer({ container, eventBus, linkService, findController });
linkService.setViewer(viewer);

// #page=N opens that page; &find=words (an answer to a question asked of the packet) also
// highlights those words there, accents or not, as the find box would.
function find(query) {
  eventBus.dispatch("find", {
    source: null, type: "", query,
    caseSensitive: false, entireWord: false, highlightAll: true, findPrevious: false,
    matchDiacritics: false,
  });
}
eventBus.on("pagesinit", () => {
  viewer.currentScaleValue = "page-width";
  const asked = new URLSearchParams(location.hash.slice(1));
  const wanted = Number(asked.get("page"));
  if (wanted) viewer.currentPageNumber = wanted;
  const words = (asked.get("find") || "").split(" ").filter(Boolean);
  if (words.length) {
    document.getElementById("find-query").value = words.join(" ");
    find(words);
  }
});
eventBus.on("pagerendered", (e) => {
  if (e.pageNumber === viewer.currentPageNumber) status.textContent = "";
  firstLook.remove();
  document.body.classList.add("drawn");
  document.body.dataset.rendered = String(Number(document.body.dataset.rendered || 0) + 1);
});
eventBus.on("pagechanging", (e) => {
  pageInput.value = e.pageNumber;
  history.replaceState(null, "", `#page=${e.pageNumber}`);
  thumbs.querySelectorAll("button").forEach((b, i) => {
    b.classList.toggle("current", i + 1 === e.pageNumber);
  });
});

const task = pdfjsLib.getDocument({
  url: root.dataset.url,
  withCredentials: true,
  disableAutoFetch: true, // fetch only the ranges the visible pages need
  disableStream: true,
  rangeChunkSize: 65536,
  isEvalSupported: false, // the page's CSP forbids eval
  cMapUrl: "/static/pdfjs/cmaps/",
  cMapPacked: true,
  standardFontDataUrl: "/static/pdfjs/standard_fonts/",
});
let pdf;
try {
  pdf = await task.promise;
} catch (error) {
  status.textContent = error.message;
  throw error;
}
viewer.setDocument(pdf);
linkService.setDocument(pdf);
document.getElementById("page-count").textContent = pdf.numPages;
pageInput.max = pdf.numPages;

pageInput.addEventListener("change", () => {
  viewer.currentPageNumber = Math.min(pdf.numPages, Math.max(1, Number(pageInput.value)));
});
document.getElementById("zoom-in").addEventListener("click", () => {
  viewer.currentScale = Math.min(4, viewer.currentScale * 1.25);
});
document.getElementById("zoom-out").addEventListener("click", () => {
  viewer.currentScale = Math.max(0.3, viewer.currentScale / 1.25);
});
eventBus.on("updatefindcontrolstate", (e) => {
  status.textContent = e.state === 1 ? status.dataset.none : ""; // 1: FindState.NOT_FOUND
});
document.getElementById("find").addEventListener("submit", (e) => {
  e.preventDefault();
  find(document.getElementById("find-query").value);
});

// Thumbnails are drawn only when they scroll into view, so a 300-page file stays light.
const toggle = document.getElementById("thumbs-toggle");
toggle.addEventListener("click", () => {
  thumbs.hidden = !thumbs.hidden;
  toggle.setAttribute("aria-expanded", String(!thumbs.hidden));
  if (!thumbs.hidden && !thumbs.childElementCount) buildThumbnails();
  placeViewer();
});

function buildThumbnails() {
  const observer = new IntersectionObserver(async (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      const page = await pdf.getPage(Number(entry.target.dataset.page));
      const viewport = page.getViewport({ scale: 0.2 });
      const canvas = entry.target.querySelector("canvas");
      canvas.width = viewport.width;
      canvas.height = viewport.height;
      await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
    }
  }, { root: thumbs });
  for (let n = 1; n <= pdf.numPages; n++) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.page = n;
    button.setAttribute("aria-label", `${n}`);
    button.appendChild(document.createElement("canvas"));
    button.addEventListener("click", () => { viewer.currentPageNumber = n; });
    thumbs.appendChild(button);
    observer.observe(button);
  }
}

// Private notes, one per page, kept on the server for this reader only.
const noteForm = document.getElementById("note");
const noteText = document.getElementById("note-text");
const noteStatus = document.getElementById("note-status");
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const notes = new Map();
try {
  const response = await fetch(root.dataset.notes, { credentials: "same-origin" });
  if (response.ok) for (const note of await response.json()) notes.set(note.page, note.text);
} catch { /* offline: notes stay as they are on the server */ }

function showNote() {
  document.getElementById("note-page").textContent = viewer.currentPageNumber;
  noteText.value = notes.get(viewer.currentPageNumber) || "";
  noteStatus.textContent = "";
}
eventBus.on("pagechanging", showNote);
const noteToggle = document.getElementById("note-toggle");
noteToggle.addEventListener("click", () => {
  noteForm.hidden = !noteForm.hidden;
  noteToggle.setAttribute("aria-expanded", String(!noteForm.hidden));
  showNote();
  placeViewer();
});
noteForm.addEventListener("submit", async (e) => {
  e.preventDefault();
  const page = viewer.currentPageNumber;
  let response;
  try {
    response = await fetch(`${root.dataset.notes}/${page}`, {
      method: "PUT", credentials: "same-origin",
      headers: { "content-type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ text: noteText.value }),
    });
  } catch {
    noteStatus.textContent = noteStatus.dataset.offline; // the text stays in the box
    return;
  }
  if (response.ok) {
    notes.set(page, noteText.value);
    noteStatus.textContent = noteStatus.dataset.saved;
  } else {
    noteStatus.textContent = (await response.json()).error.message;
  }
});

// Text mode: the current page's text reflowed at the reader's own text size (A−/A+), for a
// small screen where a fit-width A4 page draws its letters a few pixels high.
const textToggle = document.getElementById("text-toggle");
const reflowText = document.getElementById("reflow-text");
let reflowPage = 1;

function paragraphs(items) {
  const found = [];
  let text = "";
  let lastY = null;
  let lastHeight = 0;
  for (const item of items) {
    if (!item.str) continue;
    const y = item.transform[5];
    const height = item.height || lastHeight;
    if (lastY !== null && Math.abs(lastY - y) > 1) { // a new line: a new paragraph after a gap
      if (Math.abs(lastY - y) > 1.6 * Math.max(height, lastHeight)) {
        found.push(text.trim());
        text = "";
      } else if (!text.endsWith(" ")) {
        text += " ";
      }
    }
    text += item.str;
    lastY = y;
    lastHeight = height;
  }
  found.push(text.trim());
  return found.filter(Boolean);
}

async function showText(number) {
  reflowPage = Math.min(pdf.numPages, Math.max(1, number));
  document.getElementById("reflow-page").textContent =
    `${reflow.dataset.pageLabel} ${reflowPage}/${pdf.numPages}`;
  const page = await pdf.getPage(reflowPage);
  const found = paragraphs((await page.getTextContent()).items);
  reflowText.replaceChildren(...(found.length ? found : [reflow.dataset.empty]).map((line) => {
    const p = document.createElement("p");
    p.textContent = line;
    return p;
  }));
  reflow.scrollTop = 0;
  pageInput.value = reflowPage;
}

textToggle.addEventListener("click", () => {
  const on = reflow.hidden;
  reflow.hidden = !on;
  document.body.classList.toggle("reflowing", on);
  textToggle.setAttribute("aria-pressed", String(on));
  if (on) showText(viewer.currentPageNumber);
  else viewer.currentPageNumber = reflowPage;
  placeViewer();
});
document.getElementById("reflow-prev").addEventListener("click", () => showText(reflowPage - 1));
document.getElementById("reflow-next").addEventListener("click", () => showText(reflowPage + 1));
pageInput.addEventListener("change", () => {
  if (!reflow.hidden) showText(Number(pageInput.value));
});
