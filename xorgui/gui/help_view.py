"""Help ▸ Back-propagation explained: the learning content of core.learning in a QTextBrowser.

:class:`HelpView` only renders the sections it is given (a contents list and the text);
:func:`show_help` owns the non-modal window and recomputes the sections from the controller's
session when it opens and when the session changes while it is shown (not while training runs).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QTextBrowser, QVBoxLayout, QWidget

from ..core.learning import Block, Section, sections
from ..core.numbers import DEFAULT_PRECISION, fmt
from .window_state import resize_within_screen

CSS = "h2{margin-top:1.2em} th{text-align:left} .eq{font-family:monospace;margin:0 0 0 1.5em}"
GRID = 'border="1" cellspacing="0" cellpadding="4" style="border-color:#999999"'  # Qt rich text: attributes


def section_html(section: Section, precision: int = DEFAULT_PRECISION) -> str:
    """One section as HTML; numbers are formatted here from the section's floats."""
    out = [f'<h2><a name="{section.key}"></a>{html.escape(section.title)}</h2>']
    out += [_block_html(b, precision) for b in section.blocks]
    return "\n".join(out)


def _cell(text: str) -> str:
    """A table cell: a number never wraps inside itself ('−0.17' over '79'); words do."""
    try:
        float(text.replace("−", "-"))
    except ValueError:
        return f"<td>{html.escape(text)}</td>"
    return f'<td style="white-space:nowrap">{html.escape(text)}</td>'


def _block_html(block: Block, p: int) -> str:
    esc = html.escape
    if block.kind == "text":
        return f"<p>{esc(block.text)}</p>"
    if block.kind == "equations":
        return "".join(f'<p class="eq">{esc(eq.text(p))}</p>' for eq in block.equations)
    if block.kind == "table":
        head, *rows = block.table
        cells = "".join(f"<th>{esc(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(_cell(c) for c in r) + "</tr>" for r in rows)
        return f"<table {GRID}><tr>{cells}</tr>{body}</table>"
    parts = []  # matrices side by side, named in the corner, rows and columns labelled as on the diagram
    for m in block.matrices:
        head = "".join(f"<th>{esc(c)}</th>" for c in m.cols)
        body = "".join(f"<tr><th>{esc(r)}</th>" + "".join(f'<td align="right" style="white-space:nowrap"><tt>{esc(fmt(v, p))}</tt></td>'
                                                          for v in row) + "</tr>"
                       for r, row in zip(m.rows, m.values))
        parts.append(f'<td valign="top"><table {GRID}><tr><th>{esc(m.name)}</th>{head}</tr>{body}</table></td>')
    return f'<table border="0" cellspacing="10"><tr>{"".join(parts)}</tr></table>'



class HelpView(QWidget):
    """Contents on the left, the sections' text on the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.contents = QListWidget()
        self.contents.setMaximumWidth(240)
        self.contents.setWordWrap(True)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.document().setDefaultStyleSheet(CSS)
        layout = QHBoxLayout(self)
        layout.addWidget(self.contents)
        layout.addWidget(self.browser, 1)
        self.contents.currentRowChanged.connect(self._go_to)
        self._keys: list[str] = []

    def set_sections(self, secs: list[Section], precision: int = DEFAULT_PRECISION) -> None:
        """Show ``secs``, keeping the reader's place."""
        scroll = self.browser.verticalScrollBar().value()
        titles = [s.title for s in secs]
        if titles != [self.contents.item(i).text() for i in range(self.contents.count())]:
            self.contents.blockSignals(True)
            self.contents.clear()
            self.contents.addItems(titles)
            self.contents.blockSignals(False)
        self._keys = [s.key for s in secs]
        self.browser.setHtml("\n".join(section_html(s, precision) for s in secs))
        self.browser.verticalScrollBar().setValue(scroll)

    def text(self) -> str:
        return self.browser.toPlainText()

    def _go_to(self, row: int) -> None:
        if 0 <= row < len(self._keys):
            self.browser.scrollToAnchor(self._keys[row])


def show_help(window: QWidget, controller) -> QDialog:
    """Open (or raise) the window of explanations for ``controller``'s session."""
    dialog = getattr(window, "help_dialog", None)
    if dialog is None:
        dialog = QDialog(window)
        dialog.setWindowTitle("Back-propagation explained")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        dialog.view = HelpView(dialog)
        QVBoxLayout(dialog).addWidget(dialog.view)
        resize_within_screen(dialog, 980, 720)  # smaller on a screen that shows less (1024x700)

        def refresh(*_):
            if dialog.isVisible() and not controller.is_training:
                dialog.view.set_sections(sections(controller.shown_trainer, controller.precision), controller.precision)

        controller.snapshot_changed.connect(refresh)
        controller.training_changed.connect(refresh)
        dialog.refresh = refresh
        window.help_dialog = dialog
    dialog.show()
    dialog.refresh()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
