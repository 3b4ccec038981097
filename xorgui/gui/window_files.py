"""The main window's file commands: New, Open, Open Recent, Save, Save As and Export, with the
unsaved-changes question and the folders and recent files remembered in the settings.

Mixed into MainWindow, which provides ``controller``, ``settings``, ``diagram``, ``recent_menu``,
``_path`` (the session's file, or None) and ``show_message``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..core.presets import DEFAULT_PRESET
from .result import Result

SESSION_FILTER = "xorgui sessions (*.json);;All files (*)"
MAX_RECENT = 8


class WindowFiles:
    def maybe_save(self) -> bool:
        """True if it is fine to drop the current session (saved, discarded, or clean)."""
        # a run under way becomes its undo entry when it stops: until then the session looks clean
        self.controller.pause()
        if not self.controller.dirty:
            return True
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

    def export(self, kind: str) -> None:
        titles = {"png": ("Export diagram", "PNG images (*.png)", "diagram.png"),
                  "svg": ("Export diagram", "SVG images (*.svg)", "diagram.svg"),
                  "csv": ("Export loss history", "CSV files (*.csv)", "loss.csv"),
                  "py": ("Export a Python script", "Python scripts (*.py)", "walkthrough.py"),
                  "xlsx": ("Export a spreadsheet", "Spreadsheets (*.xlsx)", "walkthrough.xlsx"),
                  "pdf": ("Export a practice worksheet", "PDF files (*.pdf)", "worksheet.pdf")}
        title, filters, default = titles[kind]
        path, _ = QFileDialog.getSaveFileName(self, title, self._suggest(default), filters)
        if not path:
            return
        if kind in ("py", "xlsx", "pdf"):  # exports that reproduce every number (xorgui/export.py)
            path = path if path.lower().endswith(f".{kind}") else f"{path}.{kind}"
            if kind == "py":  # then how many epochs the script trains
                from .script_export_dialog import ScriptExportDialog

                self.script_dialog = ScriptExportDialog(self.controller, path, self)
                self.script_dialog.open()
            else:
                self.controller.export_reproduction(path)
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
        value = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [p for p in value if isinstance(p, str)]  # a damaged settings file may hold anything

    def _remember(self, path: str) -> None:
        path = str(Path(path).resolve())
        recent = [path] + [p for p in self._recent() if p != path]
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self.settings.setValue("last_dir", str(Path(path).parent))

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self._recent()
        if not recent:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.maybe_save() and self.open_path(p))


def file_stem(name: str) -> str:
    """A session's name as a file name: "seed" → "seed", "my run: α=0.5" → "my run α=0.5"."""
    stem = Path(name).stem if name.lower().endswith(".json") else name
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '<>:"/\\|?*').strip(" .")
    return stem or "session"
