"""Pictures of pages (.png, .jpg, .tif; a multi-page TIFF page by page) read by OCR (:mod:`.ocr`).

The picture's declared size is checked against the pixel cap before any pixel is decoded (Pillow
reads only the header on open). Each page's text is one block, written exactly as OCR joined it,
so the word confidences (``Source.confidences``) point at their words.
"""
from __future__ import annotations

import io
import re
import warnings

from . import ReadError
from .layout import Layout
from .limits import ReadOptions
from .ocr import check_size, ocr_image

MAX_FRAMES = 500  # pages of one multi-page TIFF


def read(data: bytes, name: str, options: ReadOptions | None = None):
    """The OCR'd text of a picture, a Source with its word confidences."""
    options = options or ReadOptions()
    if not options.ocr:
        raise ReadError(name, "picture not read: OCR is turned off (--no-ocr)")
    try:
        from PIL import Image, UnidentifiedImageError  # noqa: PLC0415
    except ImportError as exc:
        raise ReadError(name, "reading pictures needs the 'ocr' extra (pip install vnextract[ocr])") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own cap decides below
            image = Image.open(io.BytesIO(data))  # the header only
    except UnidentifiedImageError:
        raise ReadError(name, "not a picture Pillow can read") from None
    except Image.DecompressionBombError as exc:  # Pillow refuses twice its own limit at the header
        declared = re.search(r"\((\d+) pixels\)", str(exc))
        raise ReadError(name, f"picture of {declared.group(1) if declared else 'too many'} pixels, over the limit "
                              f"of {options.max_pixels} pixels") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise ReadError(name, f"corrupt picture ({exc.__class__.__name__}: {exc})") from None
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES:
        raise ReadError(name, f"picture of {frames} pages (the limit is {MAX_FRAMES})")
    layout = Layout(options)
    confidences: list[tuple[int, int, float]] = []
    for k in range(frames):
        try:
            image.seek(k)
            check_size(*image.size, name=name if frames == 1 else f"{name} page {k + 1}", options=options)
            image.load()
        except ReadError:
            raise
        except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
            raise ReadError(name, f"corrupt picture ({exc.__class__.__name__}: {exc})") from None
        page = ocr_image(image.copy(), name, _dpi(image))
        start = layout.paragraph(page.text, verbatim=True)
        if start >= 0:
            confidences.extend((start + a, start + b, c) for a, b, c in page.words)
    notes = (f"OCR of {frames} page{'s' if frames > 1 else ''}",)
    source = layout.source(name, "image", confidences=tuple(confidences), notes=notes,
                           conversion="picture → text by OCR (tesseract, vie)")
    if not source.text.strip():
        raise ReadError(name, "picture with no text OCR could read")
    return source


def _dpi(image) -> int | None:
    """The resolution the picture declares, when it is a plausible scan's (else tesseract guesses)."""
    dpi = image.info.get("dpi")
    try:
        value = int(round(float(dpi[0]))) if dpi else 0
    except (TypeError, ValueError, IndexError):
        return None
    return value if 70 <= value <= 1200 else None
