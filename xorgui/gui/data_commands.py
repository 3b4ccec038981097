"""The controller's data commands: a library dataset, imported rows, an edited value, a sample
added or removed, and the data exported as CSV. Each change is one undoable ``change`` of the
trainer; when the new data has another number of inputs or targets, the network's input and
output layers follow in the same step (surviving weights keep their values, new ones come from
the session's initialization). A refusal leaves everything as it was and says why.

The editing and CSV modules are imported by the commands that use them (not needed to start)."""

from __future__ import annotations

from pathlib import Path

from ..core.data import MAX_VALUE, Dataset
from ..core.datasets import DataSource, build
from ..core.naming import count, epoch_number
from ..core.numbers import as_set, parse_number
from .result import OK, Result, refused


class DataCommands:
    """Mixed into the Controller, which provides ``trainer``, ``change``, ``message`` and ``_tell``."""

    def set_library_data(self, source: DataSource) -> Result:
        """Train on a library dataset (with its parameters and split) from now on."""
        try:
            train, test = build(source)
        except ValueError as exc:
            return self._tell(refused(f"Data not changed: {exc}"))
        return self._set_data(f"Data: {source.entry.title}", train, test, source)

    def set_data_split(self, test_fraction: float, seed: int) -> Result:
        """Keep ``test_fraction`` of a library dataset's samples for testing (regenerated and
        split again); for rows, use :meth:`import_data` with the split already made."""
        s = self.trainer.source
        if s.entry is None:
            return self._tell(refused("Only a library dataset can be split again here; your own rows "
                                      "are split when they are imported."))
        try:
            source = DataSource(s.name, s.params, test_fraction, seed)
        except ValueError as exc:
            return self._tell(refused(f"Data not changed: {exc}"))
        return self.set_library_data(source)

    def import_data(self, train: Dataset, test: Dataset | None, name: str) -> Result:
        """Train on imported rows (``name``: where they came from, for the undo entry)."""
        share = 0.0 if test is None else min(len(test) / (len(train) + len(test)), 0.9)
        # the test rows are the ones the file's test column marks: no seed chose them
        return self._set_data(f"Import data from {name}", train, test,
                              DataSource(test_fraction=share, marked=test is not None))

    def edit_data_value(self, row: int, col: int, text: str) -> Result:
        """Set sample ``row``'s column ``col`` (inputs first, then targets) from what the user typed."""
        data = self.trainer.data
        if not (0 <= row < len(data) and 0 <= col < data.n_inputs + data.n_outputs):
            return self._tell(refused(f"There is no value at sample {row}, column {col}."))
        from ..core import data_edit

        name = f"{data_edit.column_name(data, col)} of sample {row}"
        try:
            value = parse_number(text, MAX_VALUE)
            new = data_edit.with_value(data, row, col, value)
        except ValueError as exc:
            return self._tell(refused(f"{name} not changed: {exc}"))
        old = data.inputs[row, col] if col < data.n_inputs else data.targets[row, col - data.n_inputs]
        if value == old:
            return OK
        return self._set_data(f"Set {name} to {as_set(value)}", new, self.trainer.test_data,
                              self.trainer.source.as_rows(), what=f"{name} not changed")

    def add_sample(self, after: int | None = None) -> Result:
        """A copy of sample ``after`` (default the last) right after it, to edit."""
        from ..core import data_edit

        try:
            new = data_edit.with_row(self.trainer.data, after)
        except ValueError as exc:
            return self._tell(refused(f"No sample added: {exc}."))
        at = len(self.trainer.data) if after is None else after + 1
        result = self._set_data(f"Add sample {at}", new, self.trainer.test_data, self.trainer.source.as_rows())
        if result:
            self.select_sample(at)
        return result

    def remove_sample(self, row: int) -> Result:
        from ..core import data_edit

        try:
            new = data_edit.without_row(self.trainer.data, row)
        except ValueError as exc:
            return self._tell(refused(f"Sample {row} not removed: {exc}."))
        return self._set_data(f"Remove sample {row}", new, self.trainer.test_data, self.trainer.source.as_rows())

    def export_data_csv(self, path: str | Path) -> Result:
        """The training rows (and the test rows, marked in a ``test`` column) as CSV."""
        from ..core import atomic, csvdata

        path, shown = Path(path), self.shown_trainer  # the rows the table shows, at an earlier epoch too
        try:
            csvdata.write_csv(path, shown.data, shown.test_data)
        except OSError as exc:
            return self._tell(refused(f"Could not export the data: {atomic.cannot_write(path, exc)}"))
        of = f" (the data of epoch {epoch_number(shown.epoch)}, the one shown)" if shown is not self.trainer else ""
        test = len(shown.test_data) if shown.test_data is not None else 0
        rows = (f"{count(len(shown.data) + test, 'sample')} ({len(shown.data):,} training, {test:,} test)" if test
                else count(len(shown.data), "sample"))  # the file holds both: 40, not the 32 trained on
        self.message.emit(f"Exported {rows} to {path.name}{of}", "info")
        return OK

    def _set_data(self, text: str, train: Dataset, test: Dataset | None, source: DataSource,
                  what: str = "Data not changed") -> Result:
        from ..core import data_edit

        t = self.trainer
        try:
            network = data_edit.fit_network(t.network, t.init, train.n_inputs, train.n_outputs)
            t.check_compatible(network, train, t.config, test)  # e.g. targets in the loss's range
        except ValueError as exc:
            return self._tell(refused(f"{what}: {exc}."))
        if network is not t.network:
            text += f" (network {'-'.join(map(str, network.layers))})"
        return self.change(text, lambda: t.set_data(train, test, source, network), marker=text)
