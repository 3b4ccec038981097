"""The main window: lays out the views and wires menus, shortcuts, files and settings.

It connects views to the controller and, where one view's content follows another's, to each
other through the controller's signals (the walk's current phase highlights the diagram):
no view calls another view.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog, QLabel, QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from . import help_menu, menus, window_state
from .controller import Controller
from .diagram import DiagramView
from .panel import ControlPanel
from .tables import TruthTable
from .lazy_tab import LazyTab
from .timeline_bar import TimelineBar
from .weights_table import WeightsTable
from .window_files import WindowFiles, file_stem  # noqa: F401 - file_stem, re-exported

if TYPE_CHECKING:
    from .worksheet_dialog import WorksheetDialog

STATUS_TIMEOUT_MS = 10_000
ERROR_STYLE = "QStatusBar { color: #c62828; font-weight: bold; }"
WALK_SPARE_PX = 24  # about a line of the board's equations
BOUNDARY_TIP = "The network's output over the input plane, with the samples on top"


class MainWindow(WindowFiles, QMainWindow):
    def __init__(self, controller: Controller, settings: QSettings | None = None):
        super().__init__()
        self.controller = controller
        self.settings = settings or QSettings("xorgui", "xorgui")
        self.last_message = ("info", "")
        self._path = controller.path  # the session's file, as file_changed last said
        self.setWindowIcon(help_menu.app_icon())
        self.diagram = DiagramView(controller)
        self.panel = ControlPanel(controller)
        self.truth_table = TruthTable(controller)
        self.weights_table = WeightsTable(controller)
        self.timeline_bar = TimelineBar(controller)
        self.errata_dialog: QDialog | None = None
        self.worksheet_dialog: WorksheetDialog | None = None
        self._layout()
        menus.build(self)
        self.file_label = QLabel()
        self.statusBar().addPermanentWidget(self.file_label)
        self._error_shown = ""  # the error text on the status bar, "" when none
        self.statusBar().messageChanged.connect(self._style_status)
        controller.message.connect(self.show_message)
        # a later change that succeeds (or an undo/redo) makes a shown error stale
        controller.undo_stack.indexChanged.connect(self._clear_error)
        controller.travel.changed.connect(self._clear_error)  # "viewing epoch N …, read-only" is stale too
        controller.file_changed.connect(self._file_changed)
        controller.dirty_changed.connect(self._update_title)
        controller.walk_changed.connect(self._show_walkthrough)
        highlight_walk_on_diagram(controller, self.diagram)
        controller.in_background = self._in_background  # long exports: the window keeps painting
        controller.snapshot_changed.connect(self._count_findings)
        self._count_findings(controller.snapshot)
        self._update_title()
        window_state.restore(self)
        # a split the learner left last time is theirs too: the walkthrough does not take it back,
        # and folding the settings keeps the truth table's height
        self._split_moved = self.settings.value("split_left") is not None
        self._table_height_chosen = self.settings.value("split_right") is not None

    # -- layout ---------------------------------------------------------------------------
    def _layout(self) -> None:
        self.left = QSplitter(Qt.Orientation.Vertical)
        self.left.addWidget(self.diagram)
        # under the diagram, wide enough for a whole equation per line: the loss plot and the
        # walkthrough, whose highlights are on the diagram right above it
        self.bottom_tabs = QTabWidget()
        # the loss plot is built when asked for: the program asks just after the first paint
        # (build_plot_after_first_paint), as pyqtgraph takes ~0.35 s to import
        self._loss_tab = LazyTab(self.bottom_tabs, "Loss", "Mean loss per epoch; markers where you changed something",
                                 self._make_loss_plot, placeholder="loading the loss plot…")
        # the tabs not shown at start are built when first shown (or asked for): not before the first paint
        self._walk_tab = LazyTab(self.bottom_tabs, "Walkthrough",
                                 "Back-propagation one phase at a time (F8), with practice questions",
                                 self._make_walk)
        self._boundary_tab = LazyTab(self.bottom_tabs, "Decision boundary", BOUNDARY_TIP,
                                     lambda: self._make_panel("boundary", "BoundaryView"))
        self._samples_tab = LazyTab(self.bottom_tabs, "Per sample",
                                    "Each sample's loss per epoch: which sample lags behind",
                                    lambda: self._make_panel("sample_plot", "SamplePlot"))
        bottom = QWidget()  # the timeline under the plot (and the other tabs): an earlier epoch
        column = QVBoxLayout(bottom)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.bottom_tabs, 1)
        column.addWidget(self.timeline_bar)
        self.left.addWidget(bottom)
        self.left.setStretchFactor(0, 3)
        self.left.setStretchFactor(1, 1)
        self._split_moved = False  # see _give_walk_room
        self.fit_panel_when_shown = False  # fit_panel asked for before the window was shown (see it)
        self.resize_when_shown = None  # a first start's size, set again when shown (window_state)
        self.left.splitterMoved.connect(self._user_moved_split)  # the handle dragged, not setSizes
        self.right = QSplitter(Qt.Orientation.Vertical)
        self._table_height_chosen = False  # see fit_panel
        self.right.splitterMoved.connect(self._user_sized_table)
        self.right.addWidget(self.panel)
        self.right.addWidget(self.truth_table)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.weights_table, "Weights")
        self.tabs.setTabToolTip(0, "Every weight as a grid, bias column first; edit any cell")
        self._why_tab = LazyTab(self.tabs, "Why?", "Why isn't it learning? Findings about the network, with remedies",
                                self._make_why)
        self._network_tab = LazyTab(self.tabs, "Network",
                                    "Layers, units and activations: add or remove hidden layers and units",
                                    lambda: self._make_panel("architecture_panel", "ArchitecturePanel"))
        self.right.addWidget(self.tabs)
        self.right.setStretchFactor(0, 0)
        self.right.setStretchFactor(2, 1)  # spare height goes to the tabs
        self.panel.settings_folded_changed.connect(self.fit_panel)
        self.main = QSplitter(Qt.Orientation.Horizontal)
        self.main.addWidget(self.left)
        self.main.addWidget(self.right)
        self.main.setStretchFactor(0, 1)
        self.main.setStretchFactor(1, 0)
        for splitter in (self.left, self.right, self.main):
            splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main)

    # -- the tabs built when first shown (or asked for) --------------------------------------
    walkthrough = property(lambda self: self._walk_tab.widget, doc="The Walkthrough tab's panel")
    diagnostics = property(lambda self: self._why_tab.widget, doc="The Why? tab's panel")
    architecture = property(lambda self: self._network_tab.widget, doc="The Network tab's panel")
    boundary = property(lambda self: self._boundary_tab.widget, doc="The Decision boundary tab's view")
    sample_plot = property(lambda self: self._samples_tab.widget, doc="The Per sample tab's plot")

    def _make_panel(self, module: str, name: str):
        return getattr(import_module(f".{module}", __package__), name)(self.controller)

    def _make_walk(self):
        panel = self._make_panel("walkpanel", "WalkthroughPanel")
        panel.room_wanted.connect(self._give_walk_room)
        QTimer.singleShot(0, panel, panel.ask_for_room)  # once laid out: its first phase may not fit either
        return panel

    def _give_walk_room(self, short: int) -> None:
        """Unless the learner moved the split: the walkthrough's board gets the height its phase's
        title, note and first two equations need (with a line to spare, so that the next phases
        rarely ask again), the diagram keeping at least half of the column (at 1024×700 the
        equations were all below the fold). It never takes the room back."""
        if self._split_moved or self.bottom_tabs.currentWidget() is not self.walkthrough:
            return
        top, bottom = self.left.sizes()
        give = min(short + WALK_SPARE_PX, max(0, (top - bottom) // 2))
        if give > 0:
            self.left.setSizes([top - give, bottom + give])

    def fit_panel(self, *_) -> None:
        """The control panel as tall as it needs (the settings folded or not), the rest to the tabs
        below the truth table, which keeps a height the learner gave it (now or in an earlier run)
        and otherwise shows every row of a few samples where the tabs keep 150 px."""
        if not self.isVisible():  # the size hints and splits are not laid out yet: when shown
            self.fit_panel_when_shown = True
            return
        top, table, tabs = self.right.sizes()
        total, want = top + table + tabs, self.panel.sizeHint().height()
        whole = self.truth_table.sizeHint().height()
        if not self._table_height_chosen and total - want - whole >= 150:
            table = whole
        self.right.setSizes([want, table, max(0, total - want - table)])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        window_state.settle_first_size(self)
        if self.fit_panel_when_shown:  # asked for before (a first start, the settings folded at start)
            self.fit_panel_when_shown = False
            self.fit_panel()

    def _user_moved_split(self, *_) -> None:
        self._split_moved = True

    def _user_sized_table(self, *_) -> None:
        self._table_height_chosen = True

    def _make_why(self):
        panel = self._make_panel("diagnostics_panel", "DiagnosticsPanel")
        panel.heading.hide()  # the tab says it
        return panel

    # -- the loss plot, built late -------------------------------------------------------------
    plot = property(lambda self: self._loss_tab.widget, doc="The Loss tab's plot (built now if not yet)")

    def _make_loss_plot(self):
        from .lossplot import LossPlot

        plot = LossPlot(self.controller)
        plot.set_log_y(self.log_action.isChecked())
        plot.log_y_changed.connect(self.log_action.setChecked)  # the plot's own checkbox
        return plot

    def build_plot_after_first_paint(self) -> None:
        """Build the Loss tab's plot once the diagram has been painted (the window is on screen),
        so that the tab shown at start is ready. The program's start asks for it (launch.run_gui);
        a window made otherwise builds its plot when it is first asked for."""
        self.diagram.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        # the diagram has been painted once: the window is on screen, now build the plot
        if watched is self.diagram.viewport() and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, lambda: self.plot)  # with the window as context: not after it is gone
        return super().eventFilter(watched, event)

    # -- walkthrough, diagnostics, errata -------------------------------------------------------
    def _show_walkthrough(self, lesson) -> None:
        if lesson.walk is not None:
            self.bottom_tabs.setCurrentWidget(self.walkthrough)

    def _count_findings(self, snapshot) -> None:
        n = len(snapshot.findings)
        index, text = self._why_tab.index(), f"Why? ({n})" if n else "Why?"
        if self.tabs.tabText(index) != text:  # setting the same text relays out and repaints the tabs
            self.tabs.setTabText(index, text)

    def show_errata(self) -> None:
        """The errata view in a non-modal window (built once: it trains small networks)."""
        if self.errata_dialog is None:
            self.errata_dialog = QDialog(self)
            self.errata_dialog.setWindowTitle("The article's worked example: what it gets wrong")
            from .errata_view import ErrataView  # imported when first asked for: not needed to start

            view = ErrataView(self.controller)
            for erratum in view.rows:
                if erratum.key in view.demo_buttons:
                    view.demo_buttons[erratum.key].clicked.connect(
                        lambda _=False, d=erratum.demo: self._after_demo(d))
            layout = QVBoxLayout(self.errata_dialog)
            layout.setContentsMargins(8, 8, 8, 8)
            layout.addWidget(view)
            window_state.resize_within_screen(self.errata_dialog, 960, 580)
        self.errata_dialog.show()
        self.errata_dialog.raise_()

    def show_worksheet(self) -> WorksheetDialog:
        """Run ▸ Check My Worksheet: a non-modal dialog on the current session."""
        if self.worksheet_dialog is None:
            from .worksheet_dialog import WorksheetDialog

            self.worksheet_dialog = WorksheetDialog(self.controller, self)
        self.worksheet_dialog.show()
        self.worksheet_dialog.raise_()
        return self.worksheet_dialog

    def _after_demo(self, key: str) -> None:
        from .remedies import DEMOS, Demo  # loaded with the errata view's demos, not to start

        if DEMOS[Demo(key)].shows_findings:
            self.tabs.setCurrentWidget(self.diagnostics)
        self.raise_()
        self.activateWindow()

    # -- messages and title -----------------------------------------------------------------
    def _in_background(self, label: str, job):
        from .background import run_beside  # its dialog's Qt classes are not needed to start

        return run_beside(self, label, job)

    def show_message(self, text: str, level: str = "info") -> None:
        shown = ("⚠ " if level == "error" else "") + text
        self._error_shown = shown if level == "error" else ""
        self.statusBar().showMessage(shown, STATUS_TIMEOUT_MS)
        self._style_status(shown)
        self.last_message = (level, text)

    def _style_status(self, text: str) -> None:
        """Red only while the error itself is shown: a menu's status tip replacing it is not."""
        error = bool(text) and text == self._error_shown
        self.statusBar().setStyleSheet(ERROR_STYLE if error else "")
        if not error:
            self._error_shown = ""

    def _clear_error(self, *_) -> None:
        if self._error_shown and self.statusBar().currentMessage() == self._error_shown:
            self.statusBar().clearMessage()

    def _file_changed(self, path: str) -> None:
        self._path = Path(path) if path else None
        self._update_title()

    def _update_title(self, *_):
        path = self._path
        self.setWindowTitle(f"{self.controller.session_name}[*] — xorgui")
        self.setWindowModified(self.controller.dirty)
        self.file_label.setText(str(path) if path else "not saved yet")

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.controller.shutdown()
        window_state.save(self)
        event.accept()


class _WalkHighlight(QObject):
    """A connection from walk_changed to the diagram that ends with the diagram (its child)."""

    def __init__(self, diagram: DiagramView):
        super().__init__(diagram)
        self.diagram = diagram

    def show(self, lesson) -> None:
        self.diagram.set_hidden(lesson.hidden)
        self.diagram.highlight(*lesson.highlight, lesson.asked_weights)


def highlight_walk_on_diagram(controller: Controller, diagram: DiagramView) -> None:
    """The walk's current phase is emphasised on the diagram, and the values its open practice
    questions ask for are hidden there (a connection, not panel code)."""
    controller.walk_changed.connect(_WalkHighlight(diagram).show)
