"""The diagram as a file: PNG at twice the scene's size, or SVG. Neither ever raises."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from .items import WeightKey
from .scene import DiagramScene


def render_png(scene: DiagramScene, path: str | Path, background: QColor, hints: QPainter.RenderHint,
               labels: dict[WeightKey, tuple[float, float]]) -> bool:
    """Save the whole scene as a PNG at twice its size, with these weight ``labels``. False if
    it could not be written."""
    try:
        source = scene.sceneRect()
        image = QImage((source.size() * 2).toSize(), QImage.Format.Format_ARGB32)
        image.fill(background)
        painter = QPainter(image)
        try:
            painter.setRenderHints(hints)
            with scene.exported(labels):
                scene.render(painter, QRectF(image.rect()), source)
        finally:
            painter.end()
        return image.save(str(path), "PNG")
    except Exception:  # noqa: BLE001 - an export must never take the window down
        return False


def render_svg(scene: DiagramScene, path: str | Path, background: QColor, hints: QPainter.RenderHint,
               labels: dict[WeightKey, tuple[float, float]]) -> bool:
    """Save the whole scene as SVG, with these weight ``labels``. False if it could not be written."""
    try:
        from PySide6.QtSvg import QSvgGenerator
        source = scene.sceneRect()
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(source.size().toSize())
        generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
        generator.setTitle("xorgui network diagram")
        painter = QPainter()
        if not painter.begin(generator):
            return False
        try:
            painter.setRenderHints(hints)
            painter.fillRect(QRectF(0, 0, source.width(), source.height()), background)
            with scene.exported(labels):
                scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
        finally:
            painter.end()
        return Path(path).is_file() and Path(path).stat().st_size > 0
    except Exception:  # noqa: BLE001
        return False
