"""Statistics as a bar chart (PNG, drawn with Pillow): for each group, the petitions received
and those answered on time, with the counts written on the bars."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from app.i18n import t
from app.pdf import FONT_PATH
from app.petitions.schemas import StatRow

WIDTH, ROW, TOP, LABEL = 760, 34, 56, 240
TOTAL_COLOUR, ON_TIME_COLOUR, INK = (160, 174, 192), (21, 101, 52), (20, 20, 30)


def bar_chart(title: str, rows: Sequence[StatRow]) -> bytes:
    font = ImageFont.truetype(str(FONT_PATH), 14)
    bold = ImageFont.truetype(str(FONT_PATH), 17)
    height = TOP + ROW * max(len(rows), 1) + 40
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((12, 10), title, fill=INK, font=bold)
    legend_y = 34
    for x, colour, key in (
        (12, TOTAL_COLOUR, "petitions.chart_total"),
        (200, ON_TIME_COLOUR, "petitions.chart_on_time"),
    ):
        draw.rectangle((x, legend_y + 2, x + 12, legend_y + 14), fill=colour)
        draw.text((x + 18, legend_y), t(key), fill=INK, font=font)
    # a year with no petitions yet draws every row empty (its largest total is 0)
    scale = (WIDTH - LABEL - 60) / (max((r.total for r in rows), default=0) or 1)
    for i, row in enumerate(rows):
        y = TOP + 8 + i * ROW
        label = row.label if len(row.label) <= 30 else row.label[:29] + "…"
        draw.text((12, y + 4), label, fill=INK, font=font)
        total_end = LABEL + max(1, round(row.total * scale))
        draw.rectangle((LABEL, y, total_end, y + 22), fill=TOTAL_COLOUR)
        if row.on_time:
            draw.rectangle(
                (LABEL, y + 6, LABEL + round(row.on_time * scale), y + 16), fill=ON_TIME_COLOUR
            )
        draw.text((total_end + 6, y + 4), f"{row.on_time}/{row.total}", fill=INK, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
