"""The benchmark run as a short Markdown summary with a chart (PNG, drawn with Pillow): each
figure that has a reference, as the ratio ours / reference, and every target met or missed."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from app.pdf import FONT_PATH

ROW, LABEL, WIDTH = 22, 430, 980


def chart(figures: list[dict[str, Any]], path: Path) -> None:
    rows = [f for f in figures if f.get("ratio") and math.isfinite(f["ratio"])]
    scale_max = max([2.0, *(min(f["ratio"], 10.0) for f in rows)])
    image = Image.new("RGB", (WIDTH, 50 + ROW * max(1, len(rows))), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_PATH), 12)
    draw.text((8, 8), "ours / reference (1.0 = the reference; bars capped at 10x)", "black", font)
    span = WIDTH - LABEL - 60
    one = LABEL + span / scale_max
    draw.line((one, 30, one, image.height), fill=(120, 120, 120))
    for i, fig in enumerate(rows):
        y = 34 + i * ROW
        colour = {True: (21, 101, 52), False: (180, 30, 30)}.get(fig.get("ok"), (70, 110, 170))
        end = LABEL + span * min(fig["ratio"], 10.0) / scale_max
        draw.text((8, y + 2), f"{fig['benchmark']}: {fig['name']}"[:62], "black", font)
        draw.rectangle((LABEL, y + 3, end, y + ROW - 5), fill=colour)
        draw.text((end + 4, y + 2), f"{fig['ratio']:.2f}", "black", font)
    image.save(path, optimize=True)


def markdown(report: dict[str, Any], chart_name: str) -> str:
    figures = report["figures"]
    missed = [f for f in figures if f.get("ok") is False]
    lines = [
        "# Kỳ Họp Số benchmark",
        "",
        f"{report['created']}, Python {report['python']} on {report['machine']}. Every figure "
        "is measured beside its reference in the same run.",
        "",
        f"**{sum(1 for f in figures if f.get('ok'))} targets met, {len(missed)} missed.**",
        "",
        f"![ratios]({chart_name})",
        "",
        "| benchmark | figure | ours | reference | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        ref = "–" if f.get("reference") is None else f"{f['reference']:,.1f} {f['unit']}"
        ratio = "–" if not f.get("ratio") else f"{f['ratio']:.2f}"
        met = {True: "yes", False: "**no**", None: "–"}[f.get("ok")]
        lines.append(
            f"| {f['benchmark']} | {f['name']} | {f['value']:,.1f} {f['unit']} | {ref} | "
            f"{ratio} | {f.get('target', '–')} | {met} |"
        )
    return "\n".join(lines) + "\n"


def write(report: dict[str, Any], json_path: Path) -> tuple[Path, Path]:
    png, md = json_path.with_suffix(".png"), json_path.with_suffix(".md")
    chart(report["figures"], png)
    md.write_text(markdown(report, png.name))
    return md, png
