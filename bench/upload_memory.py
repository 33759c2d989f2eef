"""Memory of one upload of a large PDF of scans, measured from outside: the inspection alone,
then the whole server while the file arrives, is checked and is stored.

The files: for each size of ``--sizes-mb`` (default 100, 400 and 1024 MiB; sizes above
``--size-mb`` are left out), a PDF written with pikepdf whose every page is a scan as an office
makes them: one uncompressed DeviceRGB image of 1500 x 1500 random pixels (6.4 MiB) drawn on
the page, plus one line of text in Type1 Helvetica ("Trang i ke hoach chuyen doi so"), so the
file has a text layer to extract and is not sent to OCR afterwards.

Figure 1, the inspection alone: a fresh Python process runs ``app.pdf.inspect_pdf``
on the file (what the sandbox's inspecting process runs: structure checks, page 1 drawn and
read by Tesseract, every page's text) and prints its peak resident size (VmHWM, reset through
/proc/self/clear_refs once the imports are done: their own peak would hide a smaller one). The
reference is the same process doing only the same imports and opening the file with pikepdf.
Growth = ours - reference. Tesseract runs in processes of its own: the summed PSS of the
inspecting process and its children, sampled as for figure 2 below, is recorded beside
(``tree_pss_growth_mib``). A control shows the file exercises what the issue is about: the
same process reading every page's text in one PDFium document, never reopened
(``text_in_one_pdfium_document_growth_mib``, the growth over the same reference).

Figure 2, the server during one upload: the real server (`kyhop serve`, embedded SQLite, the
file object store) seeded through the API with a council, a clerk and a meeting; one small
upload first, so the inspection's fork server is running before anything is measured. Then
the clerk's streamed multipart POST of the file to /api/meetings/{id}/documents
(classification internal) while, every 50 ms, the proportional set size (PSS, from
smaps_rollup) of the server process and of all its descendants (the fork server, the
inspecting process, Tesseract) is summed; the figure is the peak of that sum over its value
just before the upload. PSS, so a process forked from the fork server counts what it really
adds, not the pages it shares. The reference is the same sampling of a process that only puts
the same bytes into the same object store folder with the platform's own LocalObjectStore.
Recorded beside: the server's growth alone and its descendants' alone at their peaks, and the
growth during an upload of a PDF of the same size with nothing to inspect (one text page and
one large unreferenced stream), which tells the receiving path's share from the inspection's.

Target for both: growth <= 64 MiB whatever the file's size. An upload refused (422, e.g. a
secrecy stamp read in the noise) still reports its memory, flagged ``refused``.

Standalone: ``python -m bench.upload_memory [--sizes-mb 100,400,1024] [--size-mb N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pikepdf
import psutil
import urllib3

from bench.support import bearer, check, log, login, since, standalone, stream_upload

MiB = 1024 * 1024
TARGET_MIB = 64
DEFAULT_SIZES_MB = (100, 400, 1024)
SIDE = 1500  # pixels a side of each page's scan
SAMPLE_SECONDS = 0.05
ADMIN, CLERK = "benchadmin", "benchclerk"
PASSWORD = secrets.token_urlsafe(16)
TIMEOUT = httpx.Timeout(1800.0)
REPO = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- the files


def scan_pdf(path: Path, size: int) -> Path:
    """A PDF of about ``size`` bytes: pages of one uncompressed random RGB scan each, plus a
    line of text in Helvetica."""
    pages = max(1, round(size / (SIDE * SIDE * 3)))
    with pikepdf.new() as pdf:
        font = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
            )
        )
        for i in range(pages):
            image = pikepdf.Stream(pdf, os.urandom(SIDE * SIDE * 3))
            image.Type = pikepdf.Name.XObject
            image.Subtype = pikepdf.Name.Image
            image.Width, image.Height = SIDE, SIDE
            image.ColorSpace = pikepdf.Name.DeviceRGB
            image.BitsPerComponent = 8
            content = (
                f"BT /F1 12 Tf 72 720 Td (Trang {i + 1} ke hoach chuyen doi so) Tj ET "
                "q 400 0 0 400 100 200 cm /Im0 Do Q"
            )
            page = pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 612, 792],
                Resources=pikepdf.Dictionary(
                    XObject=pikepdf.Dictionary(Im0=image), Font=pikepdf.Dictionary(F1=font)
                ),
                Contents=pikepdf.Stream(pdf, content.encode()),
            )
            pdf.pages.append(pikepdf.Page(page))
        # as written: qpdf would otherwise deflate every unfiltered stream
        pdf.save(path, compress_streams=False)
    return path


# --------------------------------------------------------------------------- figure 1

_INSPECT = """
import json, sys, time
from pathlib import Path
import pikepdf
from app import pdf
def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
path = Path(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
Path("/proc/self/clear_refs").write_text("5")  # the peak so far (the imports') is forgotten
start_kib = status("VmRSS")
started = time.perf_counter()
out = {}
if sys.argv[1] == "inspect":
    try:
        info = pdf.inspect_pdf(path, max_pages=5000)
        out = {"pages": info.pages, "text_chars": len(info.text)}
    except pdf.PdfRejected as exc:
        out = {"rejected": str(exc)[:300]}
elif sys.argv[1] == "one_open":  # the control: every page's text in one PDFium document
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(str(path))
    chars = 0
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        chars += len(textpage.get_text_bounded())
        textpage.close()
        page.close()
    document.close()
    out = {"text_chars": chars}
else:
    with pikepdf.Pdf.open(path) as doc:
        out = {"pages": len(doc.pages)}
out["seconds"] = time.perf_counter() - started
out["start_kib"] = start_kib
out["maxrss_kib"] = status("VmHWM")
print(json.dumps(out), flush=True)
"""


def _inspection(mode: str, path: Path) -> dict[str, Any]:
    """One inspecting (or only opening) process: its figures, and the growth of its tree's
    PSS (Tesseract's processes included) sampled from outside once its imports are done."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KYHOP_")}
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(
            [sys.executable, "-c", _INSPECT, mode, str(path)],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        ) as proc,
    ):
        assert proc.stdin is not None and proc.stdout is not None
        line = ""
        if proc.stdout.readline().strip() == "ready":
            with TreePss(psutil.Process(proc.pid)) as tree:
                proc.stdin.write("go\n")
                proc.stdin.flush()
                line = proc.stdout.readline()
        proc.stdin.close()
        if proc.wait(timeout=1800) != 0 or not line:
            errors.seek(0)
            tail = errors.read()[-800:].decode(errors="replace")
            raise RuntimeError(f"inspection process ({mode}) failed: {tail}")
    return {**json.loads(line), "tree_pss_growth_mib": tree.growth}


# --------------------------------------------------------------------------- figure 2


class TreePss:
    """The summed PSS of a process and all its descendants, sampled every SAMPLE_SECONDS
    (api_transfer's PeakRss, with the root and its descendants also followed apart)."""

    def __init__(self, root: psutil.Process) -> None:
        self.root, self._stop = root, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self.peak = self.peak_root = self.peak_children = 0
        self.most_processes = 0

    def _sample(self) -> tuple[int, int, int]:
        root, children, count = 0, 0, 0
        try:
            descendants = self.root.children(recursive=True)
        except psutil.Error:
            descendants = []
        for proc in [self.root, *descendants]:
            try:
                pss = proc.memory_full_info().pss
            except psutil.Error:  # ended between the listing and the reading
                continue
            count += 1
            if proc.pid == self.root.pid:
                root = pss
            else:
                children += pss
        return root, children, count

    def _watch(self) -> None:
        while not self._stop.is_set():
            root, children, count = self._sample()
            self.peak = max(self.peak, root + children)
            self.peak_root = max(self.peak_root, root)
            self.peak_children = max(self.peak_children, children)
            self.most_processes = max(self.most_processes, count)
            time.sleep(SAMPLE_SECONDS)

    def __enter__(self) -> TreePss:
        self.base_root, self.base_children, self.base_processes = self._sample()
        self.baseline = self.base_root + self.base_children
        self.peak, self.peak_root, self.peak_children = (
            self.baseline,
            self.base_root,
            self.base_children,
        )
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth(self) -> float:
        return max(0, self.peak - self.baseline) / MiB

    @property
    def root_growth(self) -> float:
        return max(0, self.peak_root - self.base_root) / MiB

    @property
    def children_growth(self) -> float:
        return max(0, self.peak_children - self.base_children) / MiB


_PUT = """
import sys
from pathlib import Path
from app.storage import store_from_url
store = store_from_url(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
with Path(sys.argv[2]).open("rb") as source:
    stored = store.put(source, prefix="bench")
print("done", flush=True)
store.delete(stored.key)
"""


def _plain_put(storage_url: str, path: Path) -> float:
    """The reference: the growth of a process that only puts the file into the store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KYHOP_")}
    with subprocess.Popen(
        [sys.executable, "-c", _PUT, storage_url, str(path)],
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the plain put process did not start")
        with TreePss(psutil.Process(proc.pid)) as peak:
            proc.stdin.write("go\n")
            proc.stdin.flush()
            if proc.stdout.readline().strip() != "done":
                raise RuntimeError("the plain put process failed")
        proc.stdin.close()
        if proc.wait(timeout=600) != 0:
            raise RuntimeError("the plain put process failed")
    return peak.growth


def _server_process(port: int) -> psutil.Process:
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if "serve" in cmd and str(port) in cmd:
            return proc
    raise RuntimeError(f"no kyhop serve on port {port}")


def _seed(http: httpx.Client) -> tuple[int, dict[str, str]]:
    """A council, its clerk and a meeting: (meeting id, the clerk's headers)."""
    admin = bearer(login(http, ADMIN, PASSWORD))
    council = check(
        http.post(
            "/api/councils",
            headers=admin,
            json={"name": "HĐND xã Bộ Nhớ", "level": "commune", "total_delegates": 9},
        )
    )["id"]
    check(
        http.post(
            "/api/users",
            headers=admin,
            json={
                "username": CLERK,
                "password": PASSWORD,
                "full_name": "Nguyễn Thị Văn Thư",
                "council_id": council,
                "role": "clerk",
                "clearance": "internal",
            },
        )
    )
    meeting = check(
        http.post(
            "/api/meetings",
            headers=admin,
            json={
                "council_id": council,
                "kind": "regular_session",
                "title": "Kỳ họp đo bộ nhớ",
                "starts_at": "2026-12-20T08:00:00+07:00",
            },
        )
    )["id"]
    return int(meeting), bearer(login(http, CLERK, PASSWORD))


# --------------------------------------------------------------------------- the run


def _sizes(args: argparse.Namespace) -> list[int]:
    sizes = getattr(args, "sizes_mb", None) or DEFAULT_SIZES_MB
    cap = getattr(args, "size_mb", None)
    if cap is None:
        return list(sizes)
    return [s for s in sizes if s <= cap] or [int(cap)]


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from tests.support.pdfs import make_pdf, padded_pdf
    from tests.support.server import run_server

    sizes = _sizes(args)
    workdir = Path(tempfile.mkdtemp(prefix="kyhop-bench-memory-"))
    inspections: list[dict[str, Any]] = []
    uploads: list[dict[str, Any]] = []
    try:
        env = {"KYHOP_ADMIN_USER": ADMIN, "KYHOP_ADMIN_PASSWORD": PASSWORD}
        storage_url = f"file://{(workdir / 'app' / 'data' / 'objects').resolve()}"
        with (
            run_server(workdir / "app", env) as base,
            httpx.Client(base_url=base, timeout=TIMEOUT) as http,
        ):
            server = _server_process(int(base.rsplit(":", 1)[1]))
            meeting, clerk = _seed(http)
            url = f"{base}/api/meetings/{meeting}/documents"
            pool = urllib3.PoolManager()
            # the first inspection starts the fork server: it is there before any baseline
            status, body = stream_upload(
                pool, url, clerk, make_pdf(workdir / "nho.pdf"), "Khởi động"
            )
            if status != 201:
                raise RuntimeError(f"warm-up upload -> {status}: {body}")
            for size_mb in sizes:
                started = time.monotonic()
                scan = scan_pdf(workdir / f"ban-quet-{size_mb}.pdf", size_mb * MiB)
                file_mib = scan.stat().st_size / MiB
                log(f"  {size_mb} MiB: {file_mib:.0f} MiB of scans written ({since(started)})")

                reference = _inspection("open", scan)
                ours = _inspection("inspect", scan)
                control = _inspection("one_open", scan)
                growth = (ours["maxrss_kib"] - reference["maxrss_kib"]) / 1024
                inspections.append(
                    {
                        "size_mb": size_mb,
                        "file_mib": file_mib,
                        "ours": ours,
                        "reference": reference,
                        "growth": growth,
                        "control": (control["maxrss_kib"] - reference["maxrss_kib"]) / 1024,
                    }
                )
                log(
                    f"    inspection alone: peak {ours['maxrss_kib'] / 1024:.0f} MiB, "
                    f"opening alone {reference['maxrss_kib'] / 1024:.0f} MiB: +{growth:.1f} MiB "
                    f"in {ours['seconds']:.1f}s; with Tesseract, PSS "
                    f"+{ours['tree_pss_growth_mib']:.1f} MiB; the text read in one PDFium "
                    f"document (control) +{inspections[-1]['control']:.1f} MiB"
                    + (f" (REFUSED: {ours['rejected']})" if "rejected" in ours else "")
                )

                plain = _plain_put(storage_url, scan)
                log(f"    plain store put: +{plain:.1f} MiB")

                time.sleep(1.0)  # whatever the last request left running settles
                with TreePss(server) as peak:
                    t0 = time.perf_counter()
                    status, body = stream_upload(pool, url, clerk, scan, f"Bản quét {size_mb} MiB")
                    seconds = time.perf_counter() - t0
                log(
                    f"    API upload: +{peak.growth:.1f} MiB (server +{peak.root_growth:.1f}, "
                    f"descendants +{peak.children_growth:.1f}, up to {peak.most_processes} "
                    f"processes) -> {status} in {seconds:.1f}s"
                )
                scan.unlink()

                padded = padded_pdf(workdir / f"phu-luc-{size_mb}.pdf", int(file_mib * MiB))
                time.sleep(1.0)
                with TreePss(server) as unscanned:
                    padded_status, _ = stream_upload(pool, url, clerk, padded, f"Phụ lục {size_mb}")
                padded.unlink()
                log(
                    f"    API upload, same size, nothing to inspect: "
                    f"+{unscanned.growth:.1f} MiB -> {padded_status}"
                )
                uploads.append(
                    {
                        "size_mb": size_mb,
                        "file_mib": file_mib,
                        "growth": peak.growth,
                        "reference": plain,
                        "status": status,
                        "body": body if status != 201 else None,
                        "seconds": seconds,
                        "server_growth": peak.root_growth,
                        "children_growth": peak.children_growth,
                        "baseline": peak.baseline / MiB,
                        "processes": peak.most_processes,
                        "unscanned": unscanned.growth,
                        "unscanned_status": padded_status,
                    }
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return _figures(inspections, uploads)


def _figures(
    inspections: list[dict[str, Any]], uploads: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    figures = []
    for item in inspections:
        ours, ref = item["ours"], item["reference"]
        figure = {
            "name": f"inspection_peak_rss_{item['size_mb']}mb_scans",
            "value": ours["maxrss_kib"] / 1024,
            "unit": "MiB",
            "reference": ref["maxrss_kib"] / 1024,
            "ratio": None,
            "target": f"ours - reference <= {TARGET_MIB} MiB (reference: imports + pikepdf open)",
            "ok": item["growth"] <= TARGET_MIB and "rejected" not in ours,
            "growth_mib": item["growth"],
            "file_mib": item["file_mib"],
            "pages": ours.get("pages", ref.get("pages")),
            "seconds": ours["seconds"],
            # PSS of the process and its Tesseract children, sampled every 50 ms
            "tree_pss_growth_mib": ours["tree_pss_growth_mib"],
            "reference_tree_pss_growth_mib": ref["tree_pss_growth_mib"],
            # the control: what reading the text without reopening costs on the same file
            "text_in_one_pdfium_document_growth_mib": item["control"],
        }
        if "rejected" in ours:
            figure["rejected"] = ours["rejected"]
        figures.append(figure)
    for item in uploads:
        figure = {
            "name": f"server_pss_growth_upload_{item['size_mb']}mb_scans",
            "value": item["growth"],
            "unit": "MiB",
            "reference": item["reference"],
            "ratio": None,
            "target": f"<= {TARGET_MIB} MiB (reference: plain LocalObjectStore.put of the file)",
            "ok": item["growth"] <= TARGET_MIB,
            "file_mib": item["file_mib"],
            "status": item["status"],
            "seconds": item["seconds"],
            "server_growth_mib": item["server_growth"],
            "descendants_growth_mib": item["children_growth"],
            "baseline_pss_mib": item["baseline"],
            "most_processes": item["processes"],
            "same_size_nothing_to_inspect_mib": item["unscanned"],
            "same_size_nothing_to_inspect_status": item["unscanned_status"],
        }
        if item["status"] != 201:
            figure["refused"] = item["body"]
        figures.append(figure)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.upload_memory", description=__doc__)
    parser.add_argument(
        "--sizes-mb",
        type=lambda text: [int(s) for s in text.split(",") if s.strip()],
        default=list(DEFAULT_SIZES_MB),
        help="file sizes in MiB, comma-separated (default 100,400,1024)",
    )
    parser.add_argument("--size-mb", type=int, default=None, help="leave out larger sizes")
    return standalone("upload_memory", run, parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
