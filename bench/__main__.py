"""Benchmark runner: ``python -m bench --json FILE [--only NAME] [--size-mb N]``.

Each benchmark is a module in BENCHMARKS exposing ``run(args) -> list[dict]``;
every returned figure carries its own reference and target so the JSON file is
self-explanatory; a Markdown summary with a chart is written beside it (FILE.md, FILE.png).
Exit status is 1 if any figure misses its target.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

from bench.report import write as write_report

# name -> module; add new benchmarks here.
BENCHMARKS: dict[str, str] = {
    "slow_reader": "bench.slow_reader",
    "storage_upload": "bench.storage_upload",
    "packet_listing": "bench.packet_listing",
    "signing": "bench.signing",
    "floor": "bench.floor",
    "api_transfer": "bench.api_transfer",
    "hall_burst": "bench.hall_burst",
    "search": "bench.search",
    "province": "bench.province",
    "secrecy": "bench.secrecy",
    "slow_uploads": "bench.slow_uploads",
    "upload_memory": "bench.upload_memory",
    "review": "bench.review",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--json", type=Path, required=True, help="write all figures here")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), help="run a single benchmark")
    parser.add_argument("--size-mb", type=int, default=1024, help="payload size (default 1024)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per method (median kept)")
    args = parser.parse_args(argv)

    figures: list[dict[str, Any]] = []
    for name, module in BENCHMARKS.items():
        if args.only and name != args.only:
            continue
        started = time.monotonic()
        results = importlib.import_module(module).run(args)
        for fig in results:
            fig.setdefault("benchmark", name)
        figures.extend(results)
        print(f"[{name}] done in {time.monotonic() - started:.0f}s", file=sys.stderr)

    report = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "args": {k: str(v) for k, v in vars(args).items()},
        "figures": figures,
    }
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    md, png = write_report(report, args.json)
    print_table(figures)
    print(f"summary: {md} (chart {png})", file=sys.stderr)
    return 0 if all(fig.get("ok") is not False for fig in figures) else 1


def print_table(figures: list[dict[str, Any]]) -> None:
    headers = ["benchmark", "figure", "ours", "reference", "ratio", "target", "ok"]
    rows = [
        [
            str(fig.get("benchmark", "")),
            str(fig["name"]),
            f"{_num(fig['value'])} {fig['unit']}",
            "-" if fig.get("reference") is None else f"{_num(fig['reference'])} {fig['unit']}",
            "-" if fig.get("ratio") is None else f"{fig['ratio']:.2f}",
            str(fig.get("target", "-")),
            {True: "yes", False: "NO", None: "-"}[fig.get("ok")],
        ]
        for fig in figures
    ]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _num(value: float) -> str:
    return f"{value:,.1f}"


if __name__ == "__main__":
    sys.exit(main())
