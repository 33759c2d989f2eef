// The document viewer: pdf.js (served locally) loading the PDF in ranges, so page 1 shows
// before a large file has arrived; zoom, page numbers, search and page thumbnails.
import * as pdfjsLib from "/static/pdfjs/build/pdf.min.mjs";

globalThis.pdfjsLib = pdfjsLib;
pdfjsLib.GlobalWorkerOptions.workerSrc = "/static/pdfjs/build/pdf.worker.min.mjs";
const { EventBus, PDFFindController, PDFLinkService, PDFViewer } = await import(
  "/static/pdfjs/web/pdf_viewer.mjs"
);

const root = document.getElementById("reader");
document.body.classList.add("viewing");
const status = document.getElementById("status");
const pageInput = document.getElementById("page");
const thumbs = document.getElementById("thumbs");
const container = document.getElementById("viewerContainer");
// The viewer fills the screen below the toolbar (pdf.js needs a positioned, sized container).
function placeViewer() {
  const above = Math.max(
    status.getBoundingClientRect().bottom,
    thumbs.hidden ? 0 : thumbs.getBoundingClientRect().bottom,
  );
  container.style.top = `${Math.max(0, above)}px`;
}
placeViewer();
addEventListener("resize", placeViewer);

const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const findController = new PDFFindController({ eventBus, linkService });
const viewer = new PDFViewer({ container, eventBus, linkService, findController });
linkService.setViewer(viewer);

eventBus.on("pagesinit", () => {
  viewer.currentScaleValue = "page-width";
  const wanted = Number(new URLSearchParams(location.hash.slice(1)).get("page"));
  if (wanted) viewer.currentPageNumber = wanted;
});
eventBus.on("pagerendered", (e) => {
  if (e.pageNumber === viewer.currentPageNumber) status.textContent = "";
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
document.getElementById("find").addEventListener("submit", (e) => {
  e.preventDefault();
  eventBus.dispatch("find", {
    source: null, type: "", query: document.getElementById("find-query").value,
    caseSensitive: false, entireWord: false, highlightAll: true, findPrevious: false,
    matchDiacritics: false,
  });
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
  const response = await fetch(`${root.dataset.notes}/${page}`, {
    method: "PUT", credentials: "same-origin",
    headers: { "content-type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify({ text: noteText.value }),
  });
  if (response.ok) {
    notes.set(page, noteText.value);
    noteStatus.textContent = noteStatus.dataset.saved;
  } else {
    noteStatus.textContent = (await response.json()).error.message;
  }
});
