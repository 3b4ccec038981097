"""Experiments ▸ Initialization lottery: how often does this network learn from random weights?

The window asks for the runs, epochs and initialization, forwards Start and Cancel to a
:class:`~xorgui.gui.lottery_runner.LotteryRunner`, and renders its progress and result: the
fraction solved, histograms of epochs to solve and of final loss, the failures by diagnosis
and every run, any of which opens in the main window (an undoable change) with its seed.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDoubleSpinBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QProgressBar, QPushButton, QSpinBox, QSplitter, QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from ..core.init import METHODS
from ..core.lottery import MAX_EPOCHS, MAX_RUNS, MIN_RUNS, SOLVED_RULE
from ..core.lottery_report import CATEGORIES, LABELS, UNSOLVED_HEADING, LotteryResult
from .lottery_runner import LotteryProgress, LotteryRunner
from .lottery_views import SORT_ROLE, Histogram, RunsModel
from .time_travel import ReadOnlyWhileViewing
from .window_state import resize_within_screen
from ..core import naming
from ..core.numbers import percent

RANDOM_METHODS = [m for m in METHODS if m != "constant"]
SCALED = ("uniform", "normal")  # the methods that use the scale
MEANINGS = {c.key: c.meaning for c in CATEGORIES}


class LotteryDialog(QDialog):
    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.runner = LotteryRunner(controller, self)
        self.result: LotteryResult | None = None
        self.setWindowTitle("Initialization lottery")

        self.runs_box = QSpinBox()
        self.runs_box.setRange(MIN_RUNS, MAX_RUNS)
        self.runs_box.setValue(1000)
        self.runs_box.setGroupSeparatorShown(True)
        self.runs_box.setToolTip("How many random initializations to train, each from its own seed")
        self.epochs_box = QSpinBox()
        self.epochs_box.setRange(1, MAX_EPOCHS)
        self.epochs_box.setValue(5000)
        self.epochs_box.setGroupSeparatorShown(True)
        self.epochs_box.setToolTip("Epochs each run trains")
        self.method_box = QComboBox()
        self.method_box.addItems(RANDOM_METHODS)
        self.method_box.setToolTip("How each run's initial weights are drawn (the constant one would make every "
                                   "run the same)")
        self.scale_box = QDoubleSpinBox()
        self.scale_box.setRange(0.0, 100.0)
        self.scale_box.setDecimals(3)
        self.scale_box.setToolTip("Scale of the uniform U(−s, s) or normal N(0, s²) initialization")
        self.seed_box = QSpinBox()
        self.seed_box.setRange(0, 2**31 - 1 - MAX_RUNS)
        self.seed_box.setToolTip("Seed of the first run; run i uses this seed + i")
        self.method_box.currentTextChanged.connect(lambda m: self.scale_box.setEnabled(m in SCALED))
        for box in (self.runs_box, self.scale_box, self.seed_box):  # the setup line follows the choices
            box.valueChanged.connect(self._describe_session)
        self.method_box.currentTextChanged.connect(self._describe_session)
        self.start_button = QPushButton("Start")
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.runner.cancel)

        self.setup_label = QLabel()
        self.setup_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.status = QLabel("Press Start to train the runs.")
        self.status.setWordWrap(True)
        self.headline = QLabel()
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.epochs_hist = Histogram("epochs to solve (solved runs)")
        self.loss_hist = Histogram("final mean loss (log scale, every run)", log_x=True)

        self.failures = QTableWidget(0, 2)
        self.failures.setHorizontalHeaderLabels([UNSOLVED_HEADING, "Runs"])
        self.failures.verticalHeader().hide()
        self.failures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.failures.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.failures.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.failures.setToolTip("Click a diagnosis to list only its runs")
        self.failures.itemSelectionChanged.connect(self._filter_runs)

        self.model = RunsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(4)
        self.runs_view = QTableView()
        self.runs_view.setModel(self.proxy)
        self.runs_view.setSortingEnabled(True)
        self.runs_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.runs_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.runs_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.runs_view.verticalHeader().hide()
        self.runs_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.runs_view.horizontalHeader().setStretchLastSection(True)
        self.runs_view.doubleClicked.connect(lambda _: self.open_selected())
        self.open_button = QPushButton("Open in main window")
        self.open_button.setToolTip("The selected run's network at its initial weights (its seed); Edit ▸ Undo "
                                    "returns to the session you had")
        self.open_button.clicked.connect(self.open_selected)
        # a run opens as a change of the session: not while the main window shows an earlier epoch
        # (the reason as its tip); else when a run is selected
        self._past = ReadOnlyWhileViewing(controller.travel, (self.open_button,), then=self._follow_selection,
                                          parent=self)
        self._follow_selection()
        self.runs_view.selectionModel().selectionChanged.connect(lambda *_: self._follow_selection())
        self.open_status = QLabel()
        self.open_status.setWordWrap(True)
        self.criterion = QLabel(SOLVED_RULE)
        self.criterion.setWordWrap(True)

        form = QHBoxLayout()
        for label, box in (("Runs", self.runs_box), ("Epochs", self.epochs_box),
                           ("Initialization", self.method_box), ("Scale", self.scale_box),
                           ("First seed", self.seed_box)):
            pair = QFormLayout()
            pair.addRow(label, box)
            form.addLayout(pair)
        form.addStretch(1)
        form.addWidget(self.start_button)
        form.addWidget(self.cancel_button)
        hists = QSplitter()
        hists.addWidget(self.epochs_hist)
        hists.addWidget(self.loss_hist)
        runs_side = QWidget()
        runs_layout = QVBoxLayout(runs_side)
        runs_layout.setContentsMargins(0, 0, 0, 0)
        runs_layout.addWidget(self.runs_view, 1)
        open_row = QHBoxLayout()
        open_row.addWidget(self.open_button)
        open_row.addWidget(self.open_status, 1)
        runs_layout.addLayout(open_row)
        tables = QSplitter()
        tables.addWidget(self.failures)
        tables.addWidget(runs_side)
        tables.setSizes([300, 600])
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(hists)
        body.addWidget(tables)
        body.setSizes([300, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.setup_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(body, 1)
        layout.addWidget(self.criterion)

        self.runner.progress_changed.connect(self.show_progress)
        self.runner.finished.connect(self.show_result)
        self.runner.cancelled.connect(self._on_cancelled)
        self.take_session_defaults()
        resize_within_screen(self, 1100, 760)

    # -- intent -----------------------------------------------------------------------------
    def take_session_defaults(self) -> None:
        """Initialization and setup line from the session as it is now."""
        init = self.controller.trainer.init
        self.method_box.setCurrentText(init.method if init.method in RANDOM_METHODS else "xavier")
        self.scale_box.setValue(init.scale)
        self.scale_box.setEnabled(self.method_box.currentText() in SCALED)
        self.seed_box.setValue(min(init.seed, self.seed_box.maximum()))
        self._describe_session()

    def _describe_session(self) -> None:
        try:
            spec = self.runner.spec(self.runs_box.value(), self.epochs_box.value(), self.method_box.currentText(),
                                    self.scale_box.value(), self.seed_box.value())
            self.setup_label.setText(spec.describe_runs(self.controller.trainer.init))
        except ValueError as exc:
            self.setup_label.setText(str(exc))

    def start(self) -> None:
        self._describe_session()
        result = self.runner.start(self.runs_box.value(), self.epochs_box.value(), self.method_box.currentText(),
                                   self.scale_box.value(), self.seed_box.value())
        if not result:
            self.status.setText(result.reason)
            return
        self.show_result(None)
        self._set_running(True)

    def _follow_selection(self) -> None:
        self._past.allow(self.open_button, bool(self.runs_view.selectionModel().selectedRows()))

    def open_selected(self) -> None:
        rows = self.runs_view.selectionModel().selectedRows()
        if not rows or self.result is None:
            return
        seed = self.model.seed(self.proxy.mapToSource(rows[0]).row())
        result = self.controller.open_lottery_run(self.result.spec, seed)
        self.open_status.setText(f"Opened the run with seed {seed} at its initial weights: press Train in the "
                                 "main window." if result else result.reason)

    # -- rendering --------------------------------------------------------------------------
    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        for box in (self.runs_box, self.epochs_box, self.method_box, self.seed_box):
            box.setEnabled(not running)
        self.scale_box.setEnabled(not running and self.method_box.currentText() in SCALED)

    def show_progress(self, p: LotteryProgress) -> None:
        self.progress.setRange(0, max(p.total, 1))
        self.progress.setValue(p.done)
        self.status.setText(p.text())

    def _on_cancelled(self, text: str) -> None:
        self._set_running(False)
        self.status.setText(text + " No results: press Start to run the lottery again.")
        self.progress.setValue(0)

    def show_result(self, result: LotteryResult | None) -> None:
        self.result = result
        self.model.show_result(result)
        self.failures.setRowCount(0)
        self.open_status.clear()
        if result is None:
            self.headline.clear()
            self.details.clear()
            self.epochs_hist.show_bins([0.0, 1.0], [0])
            self.loss_hist.show_bins([0.0, 1.0], [0])
            return
        self._set_running(False)
        self.progress.setValue(self.progress.maximum())
        spec = result.spec
        self.status.setText(f"Done: {len(result.runs):,} runs (seeds {spec.seeds[0]}–{spec.seeds[-1]}), "
                            f"{naming.count(result.epochs, 'epoch')} each.")
        n, solved = len(result.runs), len(result.solved)
        self.headline.setText(f"{solved:,} of {n:,} runs solved ({percent(solved / n, 1)})")
        self.details.setText("\n".join(result.summary_lines()[1:]))
        self.epochs_hist.show_bins(*result.epochs_histogram(), empty=result.none_solved())
        self.loss_hist.show_bins(*result.loss_histogram())
        for key, count in result.by_diagnosis():
            row = self.failures.rowCount()
            self.failures.insertRow(row)
            name = QTableWidgetItem(LABELS.get(key, key))
            name.setToolTip(MEANINGS.get(key, ""))
            name.setData(Qt.ItemDataRole.UserRole, key)
            amount = QTableWidgetItem(f"{count:,}")
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.failures.setItem(row, 0, name)
            self.failures.setItem(row, 1, amount)

    def _filter_runs(self) -> None:
        rows = {i.row() for i in self.failures.selectedIndexes()}
        label = self.failures.item(min(rows), 0).text() if rows else ""
        self.proxy.setFilterFixedString(label)

    def reject(self) -> None:  # Esc, and the close button (closeEvent calls it)
        # a run behind a closed dialog is cancelled, as Cancel does: stopped silently it left the dialog
        # reopened with Start disabled and a Cancel that answered nothing, for good; Esc hid it running
        if self.runner.running:
            self.runner.cancel()
        super().reject()


def show_lottery(window) -> LotteryDialog:
    """The window's one lottery dialog (made on first use), shown on the session as it is now."""
    dialog = getattr(window, "lottery_dialog", None)
    if dialog is None:
        dialog = window.lottery_dialog = LotteryDialog(window.controller, window)
    if not dialog.runner.running and dialog.result is None:
        dialog.take_session_defaults()
    dialog.show()
    dialog.raise_()
    return dialog
