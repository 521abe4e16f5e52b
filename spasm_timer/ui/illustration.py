"""The step's picture beside the countdown: an SVG or a bitmap, scaled to the room it gets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPixmap, QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from spasm_timer.i18n import N_, _
from spasm_timer.ui.picture_theme import themed_svg

PLACEHOLDER = N_("No picture for this step")


class IllustrationPanel(QLabel):
    """Shows `show_picture(path)`; a calm line of text where there is no usable picture."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("illustration")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.is_placeholder = True
        self._path: Path | None = None
        self._loaded = False
        self._svg: QSvgRenderer | None = None
        self._pixmap: QPixmap | None = None

    def forget(self) -> None:
        """A new session: load the next picture even if it is the same file."""
        self._loaded = False

    def show_picture(self, path: Path | None) -> None:
        if self._loaded and path == self._path:
            return
        self._loaded, self._path = True, path
        self._svg, self._pixmap = None, None
        if path is not None and Path(path).is_file():
            if Path(path).suffix.lower() == ".svg":
                dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
                themed = themed_svg(Path(path), dark)  # bundled pictures follow the look
                renderer = QSvgRenderer(QByteArray(themed)) if themed else QSvgRenderer(str(path))
                self._svg = renderer if renderer.isValid() else None
            else:
                pixmap = QPixmap(str(path))
                self._pixmap = None if pixmap.isNull() else pixmap
        self.render()

    def render(self) -> None:  # type: ignore[override]
        size = self.size()
        if self._svg is None and self._pixmap is None:
            self.is_placeholder = True
            self.setPixmap(QPixmap())
            if self.text() != _(PLACEHOLDER):
                self.setText(_(PLACEHOLDER))
            return
        self.is_placeholder = False
        if size.width() < 8 or size.height() < 8:
            return
        if self._svg is not None:
            self.setPixmap(self._svg_pixmap(self._svg, size))
        elif self._pixmap is not None:
            self.setPixmap(self._pixmap.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))

    def _svg_pixmap(self, renderer: QSvgRenderer, room: QSize) -> QPixmap:
        natural = renderer.defaultSize()
        scaled = natural.scaled(room, Qt.AspectRatioMode.KeepAspectRatio)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(scaled * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, scaled.width(), scaled.height()))
        painter.end()
        return pixmap

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._loaded:
            self._loaded = False  # light to dark or back: draw the picture again
            self.show_picture(self._path)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.render()
