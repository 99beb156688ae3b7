"""Pages of report text rendered as a scanner would deliver them (300 dpi, DejaVu Sans), clean or
degraded (blur, speckle, a slight rotation), for the OCR tests and the scanned sample."""
from __future__ import annotations

import random

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
A4_INCHES = (8.27, 11.69)


def render_page(paragraphs: list[str], dpi: int = 300, size_pt: float = 11.0):
    """An A4 page (grey levels) with the paragraphs set left-aligned, wrapped at the margins; a line
    break inside a paragraph starts a new line."""
    from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415

    width, height = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, int(size_pt * dpi / 72))
    margin, line_height = int(0.8 * dpi), int(size_pt * dpi / 72 * 1.45)
    y = margin
    for paragraph in paragraphs:
        for written in paragraph.split("\n"):
            line = ""
            for word in written.split():
                candidate = f"{line} {word}".strip()
                if draw.textlength(candidate, font=font) > width - 2 * margin and line:
                    draw.text((margin, y), line, font=font, fill=0)
                    y, line = y + line_height, word
                else:
                    line = candidate
            if line:
                draw.text((margin, y), line, font=font, fill=0)
                y += line_height
        y += line_height // 2
        if y > height - margin:
            raise ValueError("the paragraphs do not fit on one page")
    return page


def degrade(page, seed: int = 0, angle: float = 0.8, blur: float = 1.2, speckle: int = 60):
    """A worse scan of the page: rotated by ``angle`` degrees, blurred, and one pixel in
    ``speckle`` flipped to black or white (salt-and-pepper noise)."""
    from PIL import Image, ImageFilter  # noqa: PLC0415

    rnd = random.Random(seed)
    out = page.rotate(angle, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(blur))
    pixels = out.load()
    width, height = out.size
    for _ in range(width * height // speckle):
        pixels[rnd.randrange(width), rnd.randrange(height)] = rnd.choice((0, 255))
    return out
