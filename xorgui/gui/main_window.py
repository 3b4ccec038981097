"""The main window: lays out the views and wires menus, shortcuts, files and settings.

It connects views to the controller and, where one view's content follows another's, to each
other through the controller's signals (the walk's current phase highlights the diagram):
no view calls another view.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox, QSplitter, QTabWidget, QVBoxLayout,
)

from ..core.presets import DEFAULT_PRESET, PRESETS
from . import help_menu, help_view, window_state
from .controller import PRECISION_RANGE, Controller
from .diagram import DiagramView
from .panel import ControlPanel
from .diagnostics_panel import DiagnosticsPanel
from .errata_view import ErrataView
from .remedies import DEMOS, Demo
from .result import Result
from .tables import TruthTable, WeightsTable
from .worksheet_dialog import WorksheetDialog
from .walkpanel import WalkthroughPanel

SESSION_FILTER = "xorgui sessions (*.json);;All files (*)"
MAX_RECENT = 8
STATUS_TIMEOUT_MS = 10_000
ERROR_STYLE = "QStatusBar { color: #c62828; font-weight: bold; }"


class MainWindow(QMainWindow):
    def __init__(self, controller: Controller, settings: QSettings | None = None):
        super().__init__()
        self.controller = controller
        self.settings = settings or QSettings("xorgui", "xorgui")
        self.last_message = ("info", "")
        self._path = controller.path  # the session's file, as file_changed last said
        self.setWindowIcon(help_menu.app_icon())
        self.diagram = DiagramView(controller)
        self._plot = None  # built just after the first paint: pyqtgraph takes ~0.35 s to import
        self._plot_slot = QLabel("loading the loss plot…")
        self._plot_slot.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.diagram.viewport().installEventFilter(self)
        self.panel = ControlPanel(controller)
        self.truth_table = TruthTable(controller)
        self.weights_table = WeightsTable(controller)
        self.walkthrough = WalkthroughPanel(controller)
        self.diagnostics = DiagnosticsPanel(controller)
        self.diagnostics.heading.hide()  # the tab says it
        self.errata_dialog: QDialog | None = None
        self.worksheet_dialog: WorksheetDialog | None = None
        self._layout()
        self._menus()
        self.file_label = QLabel()
        self.statusBar().addPermanentWidget(self.file_label)
        self._error_shown = ""  # the error text on the status bar, "" when none
        self.statusBar().messageChanged.connect(self._style_status)
        controller.message.connect(self.show_message)
        # a later change that succeeds (or an undo/redo) makes a shown error stale
        controller.undo_stack.indexChanged.connect(self._clear_error)
        controller.file_changed.connect(self._file_changed)
        controller.dirty_changed.connect(self._update_title)
        controller.walk_changed.connect(self._show_walkthrough)
        highlight_walk_on_diagram(controller, self.diagram)
        controller.snapshot_changed.connect(self._count_findings)
        self._count_findings(controller.snapshot)
        self._update_title()
        window_state.restore(self)

    # -- layout ---------------------------------------------------------------------------
    def _layout(self) -> None:
        self.left = QSplitter(Qt.Orientation.Vertical)
        self.left.addWidget(self.diagram)
        # under the diagram, wide enough for a whole equation per line: the loss plot and the
        # walkthrough, whose highlights are on the diagram right above it
        self.bottom_tabs = QTabWidget()
        self.bottom_tabs.addTab(self._plot_slot, "Loss")
        self.bottom_tabs.addTab(self.walkthrough, "Walkthrough")
        self.bottom_tabs.setTabToolTip(0, "Mean loss per epoch; markers where you changed something")
        self.bottom_tabs.setTabToolTip(1, "Back-propagation one phase at a time (F8), with practice questions")
        self.left.addWidget(self.bottom_tabs)
        self.left.setStretchFactor(0, 3)
        self.left.setStretchFactor(1, 1)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(self.panel)
        self.right.addWidget(self.truth_table)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.weights_table, "Weights")
        self.tabs.addTab(self.diagnostics, "Why?")
        self.tabs.setTabToolTip(0, "Every weight as a grid, bias column first; edit any cell")
        self.tabs.setTabToolTip(1, "Why isn't it learning? Findings about the network, with remedies")
        self.right.addWidget(self.tabs)
        self.right.setStretchFactor(0, 0)
        self.right.setStretchFactor(2, 1)  # spare height goes to the tabs
        self.main = QSplitter(Qt.Orientation.Horizontal)
        self.main.addWidget(self.left)
        self.main.addWidget(self.right)
        self.main.setStretchFactor(0, 1)
        self.main.setStretchFactor(1, 0)
        for splitter in (self.left, self.right, self.main):
            splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main)

    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip or text)
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        menu.addAction(action)
        return action

    def _menus(self) -> None:
        c = self.controller
        bar = self.menuBar()
        file = bar.addMenu("&File")
        # triggered(bool) must not reach new_session's preset: a lambda that takes nothing
        self._action(file, "&New", lambda: self.new_session(), QKeySequence.StandardKey.New,
                     "A new session: " + PRESETS[DEFAULT_PRESET].description)
        examples = file.addMenu("&Examples")
        for name in ("article", "seed", "sigmoid", "symmetric", "tanh", "deep"):
            preset = PRESETS[name]
            self._action(examples, preset.title, lambda _=False, n=name: self.new_session(n), tip=preset.description)
        examples.addSeparator()
        self._action(examples, "What the article gets wrong…", self.show_errata,
                     tip="The article's published numbers beside the correct ones, each shown live")
        self._action(file, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open, "Open a session file")
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file, "&Save", self.save, QKeySequence.StandardKey.Save, "Save the session")
        self._action(file, "Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs, "Save under a new name")
        export = file.addMenu("&Export")
        self._action(export, "Diagram as &PNG…", lambda: self._export("png"), tip="The network diagram as an image")
        self._action(export, "Diagram as &SVG…", lambda: self._export("svg"), tip="The network diagram as vector art")
        self._action(export, "Loss history as &CSV…", lambda: self._export("csv"), tip="epoch,loss per line")
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit, "Quit xorgui")

        edit = bar.addMenu("&Edit")
        self.undo_action = c.undo_stack.createUndoAction(self, "&Undo")
        self.redo_action = c.undo_stack.createRedoAction(self, "&Redo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
        # route through the controller so that a running training pauses first
        for action, command in ((self.undo_action, c.undo), (self.redo_action, c.redo)):
            action.triggered.disconnect()
            action.triggered.connect(command)
            edit.addAction(action)

        run = bar.addMenu("&Run")
        self.train_action = self._action(run, "&Train / Pause", c.toggle_training, "F5", "Train until paused")
        self.step_action = self._action(run, "&Step sample", c.step_sample, "F6", "One sample forward and back")
        self.epoch_action = self._action(run, "&Epoch", c.step_epoch, "F7", "To the end of the epoch")
        self.phase_action = self._action(run, "Step &phase", c.step_phase, "F8",
                                         "The next phase of back-propagation for the next sample")
        self.phase_back_action = self._action(run, "Phase &back", c.step_phase_back, "Shift+F8",
                                              "Hide the last phase (over the update: undo it)")
        self._action(run, "Check My &Worksheet…", self.show_worksheet,
                     tip="Type your own working of one step (say, a textbook example) and check each line")
        run.addSeparator()
        self._action(run, "&Reset weights", c.reset_weights, tip="Back to this run's initial weights")
        self._action(run, "Randomi&ze weights", c.randomize_weights, tip="New random weights")

        view = bar.addMenu("&View")
        self.details_action = self._action(view, "Show &a and δ on units", self.diagram.set_show_details,
                                           "Ctrl+D", "Weighted sums and deltas on the diagram", checkable=True)
        self.log_action = self._action(view, "&Logarithmic loss axis", lambda on: self.plot.set_log_y(on),
                                       "Ctrl+L", "Log scale for the loss plot", checkable=True)
        self._action(view, "&Fit diagram", self.diagram.reset_zoom, "Ctrl+0", "Fit the network to the view")
        precision = view.addMenu("&Decimals")
        group = QActionGroup(self)
        self.precision_actions = {}
        for decimals in range(PRECISION_RANGE[0], PRECISION_RANGE[1] + 1):
            action = self._action(precision, f"{decimals} decimals", lambda on, d=decimals: on and c.set_precision(d),
                                  tip="Decimals of every number shown", checkable=True)
            group.addAction(action)
            self.precision_actions[decimals] = action
        self.precision_actions[c.precision].setChecked(True)

        helps = bar.addMenu("&Help")
        self._action(helps, "&Keyboard shortcuts", lambda: help_menu.show_shortcuts(self),
                     QKeySequence.StandardKey.HelpContents)
        self._action(helps, "&Back-propagation explained…", lambda: help_view.show_help(self, c), None,
                     "The chain rule, the batch, a second step, the matrix form and a notation card, "
                     "with this session's numbers")
        self._action(helps, "The article's &errata…", self.show_errata,
                     tip="The article's published numbers beside the correct ones, each shown live")
        self._action(helps, "&About xorgui", lambda: help_menu.show_about(self))

    # -- the loss plot, built late -------------------------------------------------------------
    @property
    def plot(self):
        """The loss plot (built now if the window has not been painted yet)."""
        if self._plot is None:
            from .lossplot import LossPlot

            self._plot = LossPlot(self.controller)
            self._plot.set_log_y(self.log_action.isChecked())
            self._plot.log_y_changed.connect(self.log_action.setChecked)  # the plot's own checkbox
            current = self.bottom_tabs.currentIndex()
            self.bottom_tabs.removeTab(0)
            self.bottom_tabs.insertTab(0, self._plot, "Loss")
            self.bottom_tabs.setTabToolTip(0, "Mean loss per epoch; markers where you changed something")
            self.bottom_tabs.setCurrentIndex(current)
            self._plot_slot.deleteLater()
        return self._plot

    def eventFilter(self, watched, event) -> bool:
        # the diagram has been painted once: the window is on screen, now build the plot
        if watched is self.diagram.viewport() and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: self.plot)
        return super().eventFilter(watched, event)

    # -- walkthrough, diagnostics, errata -------------------------------------------------------
    def _show_walkthrough(self, lesson) -> None:
        if lesson.walk is not None:
            self.bottom_tabs.setCurrentWidget(self.walkthrough)

    def _count_findings(self, snapshot) -> None:
        n = len(snapshot.findings)
        self.tabs.setTabText(self.tabs.indexOf(self.diagnostics), f"Why? ({n})" if n else "Why?")

    def show_errata(self) -> None:
        """The errata view in a non-modal window (built once: it trains small networks)."""
        if self.errata_dialog is None:
            self.errata_dialog = QDialog(self)
            self.errata_dialog.setWindowTitle("The article's worked example: what it gets wrong")
            view = ErrataView(self.controller)
            for erratum in view.rows:
                if erratum.key in view.demo_buttons:
                    view.demo_buttons[erratum.key].clicked.connect(
                        lambda _=False, d=erratum.demo: self._after_demo(d))
            layout = QVBoxLayout(self.errata_dialog)
            layout.setContentsMargins(8, 8, 8, 8)
            layout.addWidget(view)
            self.errata_dialog.resize(960, 580)
        self.errata_dialog.show()
        self.errata_dialog.raise_()

    def show_worksheet(self) -> WorksheetDialog:
        """Run ▸ Check My Worksheet: a non-modal dialog on the current session."""
        if self.worksheet_dialog is None:
            self.worksheet_dialog = WorksheetDialog(self.controller, self)
        self.worksheet_dialog.show()
        self.worksheet_dialog.raise_()
        return self.worksheet_dialog

    def _after_demo(self, key: str) -> None:
        if DEMOS[Demo(key)].shows_findings:
            self.tabs.setCurrentWidget(self.diagnostics)
        self.raise_()
        self.activateWindow()

    # -- messages and title -----------------------------------------------------------------
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

    # -- files -------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True if it is fine to drop the current session (saved, discarded, or clean)."""
        if not self.controller.dirty:
            return True
        self.controller.pause()
        answer = QMessageBox.warning(
            self, "Unsaved changes", "The session has changes that are not saved. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_session(self, preset: str = DEFAULT_PRESET) -> None:
        if self.maybe_save():
            self.controller.new_session(preset)

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open session", self._last_dir(), SESSION_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> Result:
        result = self.controller.open_file(path)
        if result:
            self._remember(path)
        else:
            self.report_error("Could not open the session", result.reason)
        return result

    def report_error(self, title: str, text: str) -> None:
        """A window-modal error box that does not block the caller (so startup never hangs)."""
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def save(self) -> bool:
        if self._path is None:
            return self.save_as()
        return self._saved(self.controller.save_file())

    def save_as(self) -> bool:
        suggested = self._suggest(f"{file_stem(self.controller.session_name)}.json")
        path, _ = QFileDialog.getSaveFileName(self, "Save session", suggested, SESSION_FILTER)
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self._saved(self.controller.save_file(path))

    def _saved(self, result: Result) -> bool:
        if result:
            self._remember(str(self._path))
        else:
            self.report_error("Could not save the session", result.reason)
        return bool(result)

    def _export(self, kind: str) -> None:
        titles = {"png": ("Export diagram", "PNG images (*.png)", "diagram.png"),
                  "svg": ("Export diagram", "SVG images (*.svg)", "diagram.svg"),
                  "csv": ("Export loss history", "CSV files (*.csv)", "loss.csv")}
        title, filters, default = titles[kind]
        path, _ = QFileDialog.getSaveFileName(self, title, self._suggest(default), filters)
        if not path:
            return
        if kind == "csv":
            self.controller.export_history_csv(path)
            return
        ok = self.diagram.render_png(path) if kind == "png" else self.diagram.render_svg(path)
        self.show_message(f"Exported the diagram to {Path(path).name}" if ok else f"Could not write {path}",
                          "info" if ok else "error")

    def _last_dir(self) -> str:
        return str(self.settings.value("last_dir", str(Path.home())))

    def _suggest(self, default: str) -> str:
        path = self._path
        if path is not None and default.endswith(".json"):
            return str(path)
        stem = path.stem if path else "xorgui"
        suffix = Path(default).suffix
        return str(Path(self._last_dir()) / (f"{stem}-{Path(default).stem}{suffix}" if path else default))

    def _recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _remember(self, path: str) -> None:
        path = str(Path(path).resolve())
        recent = [path] + [p for p in self._recent() if p != path]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self.settings.setValue("last_dir", str(Path(path).parent))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self._recent()
        if not recent:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.maybe_save() and self.open_path(p))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.controller.shutdown()
        window_state.save(self)
        event.accept()


def file_stem(name: str) -> str:
    """A session's name as a file name: "seed" → "seed", "my run: α=0.5" → "my run α=0.5"."""
    stem = Path(name).stem if name.lower().endswith(".json") else name
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '<>:"/\\|?*').strip(" .")
    return stem or "session"


class _WalkHighlight(QObject):
    """A connection from walk_changed to the diagram that ends with the diagram (its child)."""

    def __init__(self, diagram: DiagramView):
        super().__init__(diagram)
        self.diagram = diagram

    def show(self, lesson) -> None:
        self.diagram.set_hidden(lesson.hidden)
        self.diagram.highlight(*lesson.highlight)


def highlight_walk_on_diagram(controller: Controller, diagram: DiagramView) -> None:
    """The walk's current phase is emphasised on the diagram, and the values its open practice
    questions ask for are hidden there (a connection, not panel code)."""
    controller.walk_changed.connect(_WalkHighlight(diagram).show)
