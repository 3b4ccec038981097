"""Render resources/icons/xorgui.svg into the icon files the installers need.

    python packaging/icons.py OUTDIR

writes ``xorgui-<N>.png`` for N in 16..1024, ``xorgui.ico`` (Windows: PNG-compressed entries,
16-256 px) and ``xorgui.icns`` (macOS: PNG entries, 16-1024 px). The SVG stays the one source;
Qt's QSvgRenderer draws it, so nothing beyond PySide6 is needed. ICO and ICNS are written by hand:
both are a small header and a table of PNG blobs.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

SVG = Path(__file__).resolve().parent.parent / "resources" / "icons" / "xorgui.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (the @2x types reuse the larger images).
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
              (b"ic14", 512))


def render_pngs(svg: Path = SVG) -> dict[int, bytes]:
    """PNG bytes of the icon at each size in PNG_SIZES, with a transparent background."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QPainter needs it
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    pngs = {}
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        pngs[size] = bytes(data)
    return pngs


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNGs (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))  # reserved, type 1 = icon, count
    offset = 6 + 16 * len(ICO_SIZES)
    directory, blobs = b"", b""
    for size in ICO_SIZES:
        blob = pngs[size]
        # width, height (0 means 256), colours, reserved, planes, bits per pixel, size, offset
        directory += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + directory + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns: 'icns', total length, then (type, length including its 8-byte header, PNG)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_icons(outdir: Path) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    pngs = render_pngs()
    for size, blob in pngs.items():
        (outdir / f"xorgui-{size}.png").write_bytes(blob)
    (outdir / "xorgui.ico").write_bytes(ico_bytes(pngs))
    (outdir / "xorgui.icns").write_bytes(icns_bytes(pngs))
    return outdir


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python packaging/icons.py OUTDIR")
    print(write_icons(Path(sys.argv[1])))
