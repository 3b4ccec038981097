"""The main window's menus and their shortcuts, built on the window it is given."""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from ..core.presets import DEFAULT_PRESET, PRESETS
from . import data_menu, help_menu
from .diagram.maps import DiagramMaps
from .controller import PRECISION_RANGE
from .time_travel import ReadOnlyWhileViewing


def _show_help(window) -> None:
    from . import help_view  # imported when first asked for: not needed to start

    help_view.show_help(window, window.controller)


def _show_lottery(window) -> None:
    from . import lottery_dialog  # imports pyqtgraph (~0.4 s): only when asked for, never to start

    lottery_dialog.show_lottery(window)


def _show_twin(window) -> None:
    from . import twin_dialog  # imports pyqtgraph: only when asked for

    twin_dialog.show_twin(window)


def _action(window, menu, text: str, slot, shortcut=None, tip: str = "", checkable: bool = False) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    action.setToolTip(tip or text)
    action.setCheckable(checkable)
    (action.toggled if checkable else action.triggered).connect(slot)
    menu.addAction(action)
    return action


def _follow_run_state(window, kinds) -> None:
    """Train, Step sample, Epoch and Step phase ((action, RunControls field) pairs) as the
    controller's ``run_controls`` says, the reason as their tips; and while an earlier epoch is
    shown (read-only), disabled with that reason."""
    c = window.controller
    own = {action: (action.toolTip(), action.statusTip()) for action, _ in kinds}

    def show(*_) -> None:
        for action, kind in kinds:
            offered = getattr(c.run_controls, kind)
            tip, status = own[action]
            past.set_tip(action, offered.reason or tip, offered.reason or status)
            past.allow(action, offered.enabled)

    past = ReadOnlyWhileViewing(c.travel, own, then=show, parent=window)
    c.run_controls_changed.connect(show)
    show()


def build(window) -> None:
    """The menu bar: File, Edit, Run, View and Help, each action wired to the controller or the
    window (never to another view). The window keeps the actions its code and tests use."""
    c = window.controller
    bar = window.menuBar()
    file = bar.addMenu("&File")
    # triggered(bool) must not reach new_session's preset: a lambda that takes nothing
    _action(window, file, "&New", lambda: window.new_session(), QKeySequence.StandardKey.New,
            "A new session: " + PRESETS[DEFAULT_PRESET].description)
    examples = file.addMenu("&Examples")
    for name in ("article", "seed", "sigmoid", "symmetric", "tanh", "deep"):
        preset = PRESETS[name]
        _action(window, examples, preset.title, lambda _=False, n=name: window.new_session(n), tip=preset.description)
    examples.addSeparator()
    _action(window, examples, "What the article gets wrong…", window.show_errata,
            tip="The article's published numbers beside the correct ones, each shown live")
    _action(window, file, "&Open…", window.open_dialog, QKeySequence.StandardKey.Open, "Open a session file")
    window.recent_menu = file.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(window.fill_recent)
    _action(window, file, "&Save", window.save, QKeySequence.StandardKey.Save, "Save the session")
    _action(window, file, "Save &As…", window.save_as, QKeySequence.StandardKey.SaveAs, "Save under a new name")
    export = file.addMenu("&Export")
    _action(window, export, "Diagram as &PNG…", lambda: window.export("png"), tip="The network diagram as an image")
    _action(window, export, "Diagram as &SVG…", lambda: window.export("svg"), tip="The network diagram as vector art")
    _action(window, export, "Loss history as &CSV…", lambda: window.export("csv"), tip="epoch,loss per line")
    export.addSeparator()
    _action(window, export, "Python &script (numpy)…", lambda: window.export("py"),
            tip="A short numpy program that redoes the walkthrough's step and trains, printing every number")
    _action(window, export, "Spreadsheet with live &formulas (.xlsx)…", lambda: window.export("xlsx"),
            tip="The walkthrough's step as formulas over the weights: change a weight, every number recomputes")
    _action(window, export, "Practice &worksheet (PDF)…", lambda: window.export("pdf"),
            tip="The selected sample's step with a blank for every quantity, and the answers")
    file.addSeparator()
    _action(window, file, "&Quit", window.close, "Ctrl+Q", "Quit xorgui")  # the platform's Quit key is none on some

    edit = bar.addMenu("&Edit")
    window.undo_action = c.undo_stack.createUndoAction(window, "&Undo")
    window.redo_action = c.undo_stack.createRedoAction(window, "&Redo")
    window.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
    # the platform's Redo keys and both that Help names; a key listed twice is ambiguous to Qt and
    # does nothing (the platform's first is Ctrl+Y offscreen and on Windows: [Ctrl+Y, Ctrl+Y] redid nothing)
    redo_keys = [*QKeySequence.keyBindings(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z"),
                 QKeySequence("Ctrl+Y")]
    window.redo_action.setShortcuts(list({key.toString(): key for key in redo_keys}.values()))
    # route through the controller so that a running training pauses first
    for action, command in ((window.undo_action, c.undo), (window.redo_action, c.redo)):
        action.triggered.disconnect()
        action.triggered.connect(command)
        edit.addAction(action)

    run = bar.addMenu("&Run")
    window.train_action = _action(window, run, "&Train / Pause", c.toggle_training, "F5", "Train until paused")
    window.step_action = _action(window, run, "&Step sample", c.step_sample, "F6", "One sample forward and back")
    window.epoch_action = _action(window, run, "&Epoch", c.step_epoch, "F7", "To the end of the epoch")
    window.phase_action = _action(window, run, "Step &phase", c.step_phase, "F8",
                                  "The next phase of back-propagation for the next sample")
    window.phase_back_action = _action(window, run, "Phase &back", c.step_phase_back, "Shift+F8",
                                       "Hide the last phase (over the update: undo it)")
    _action(window, run, "Check My &Worksheet…", window.show_worksheet,
            tip="Type your own working of one step (say, a textbook example) and check each line")
    run.addSeparator()
    reset = _action(window, run, "&Reset weights", c.reset_weights, tip="Back to this run's initial weights")
    randomize = _action(window, run, "Randomi&ze weights", c.randomize_weights, tip="New random weights")
    # the past is read-only: these are disabled while it is shown, with the reason as their tip
    ReadOnlyWhileViewing(c.travel, (window.phase_back_action, reset, randomize), parent=window)
    _follow_run_state(window, ((window.train_action, "train"), (window.step_action, "step"),
                               (window.epoch_action, "epoch"), (window.phase_action, "phase")))

    experiments = bar.addMenu("E&xperiments")
    _action(window, experiments, "Initialization &lottery…", lambda: _show_lottery(window),
            tip="Train many random initializations of this network at once: how often, and how fast, does it learn?")
    _action(window, experiments, "&Twin run…", lambda: _show_twin(window),
            tip="The session and a twin with one setting changed, from the same weights: where do they first differ?")

    view = bar.addMenu("&View")
    window.details_action = _action(window, view, "Show &a and δ on units", window.diagram.set_show_details,
                                    "Ctrl+D", "Weighted sums and deltas on the diagram", checkable=True)
    window.units_action = _action(window, view, "&Maps inside units", window.diagram.set_show_maps, "Ctrl+M",
                                  "Inside every hidden and output unit, what it computes over the input plane",
                                  checkable=True)
    window.diagram.maps_note_changed.connect(partial(_note_maps, window, window.units_action.toolTip()))
    window.log_action = _action(window, view, "&Logarithmic loss axis", lambda on: window.plot.set_log_y(on),
                                "Ctrl+L", "Log scale for the loss plot", checkable=True)
    _action(window, view, "&Fit diagram", window.diagram.reset_zoom, "Ctrl+0", "Fit the network to the view")
    precision = view.addMenu("&Decimals")
    group = QActionGroup(window)
    window.precision_actions = {}
    for decimals in range(PRECISION_RANGE[0], PRECISION_RANGE[1] + 1):
        action = _action(window, precision, f"{decimals} decimals", lambda on, d=decimals: on and c.set_precision(d),
                         tip="Decimals of every number shown", checkable=True)
        group.addAction(action)
        window.precision_actions[decimals] = action
    window.precision_actions[c.precision].setChecked(True)

    helps = bar.addMenu("&Help")
    _action(window, helps, "&Keyboard shortcuts", lambda: help_menu.show_shortcuts(window),
            QKeySequence.StandardKey.HelpContents)
    _action(window, helps, "&Back-propagation explained…", lambda: _show_help(window), None,
            "The chain rule, the batch, a second step, the matrix form and a notation card: the chain "
            "rule and the matrix form with this session's numbers, the batch and the second step with the "
            "article's example")
    _action(window, helps, "The article's &errata…", window.show_errata,
            tip="The article's published numbers beside the correct ones, each shown live")
    _action(window, helps, "&About xorgui", lambda: help_menu.show_about(window))
    data_menu.build(window, file, export)  # File ▸ Import data…, Export ▸ Data as CSV…, the Data menu


def _note_maps(window, tip: str, note: str) -> None:
    """Maps on but units too small for them: the toggle's tooltip and the status bar say so; the
    maps drawn after all (a and δ turned off, a zoom): the status bar no longer does."""
    window.units_action.setToolTip(note or tip)
    if note:
        window.show_message(note)
    elif window.statusBar().currentMessage() == DiagramMaps.MAPS_TOO_SMALL:
        window.statusBar().clearMessage()
