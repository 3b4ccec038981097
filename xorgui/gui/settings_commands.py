"""The controller's settings commands: learning rate, loss, batch mode, shuffle,
regularization, activations, initialization and the weights themselves (typed or nudged). Each
is one undoable ``change`` of the trainer, refused with the core's reason when the value is not
allowed."""

from __future__ import annotations

from dataclasses import replace

from ..core.activations import ACTIVATIONS
from ..core.init import Initialization
from ..core.losses import LOSSES
from ..core.network import Network
from ..core.numbers import as_set, parse_number
from ..core.regularizers import REGULARIZERS
from ..core.config import batch_size_for
from ..core.training import batch_mode
from .result import OK, Result, refused


class SettingsCommands:
    """Mixed into the Controller, which provides ``trainer``, ``snapshot``, ``change`` and ``_tell``."""

    def _set_config(self, text: str, **changes) -> Result:
        if all(getattr(self.trainer.config, k) == v for k, v in changes.items()):
            return OK
        return self.change(text, lambda: self.trainer.set_config(replace(self.trainer.config, **changes)),
                           marker=text)

    def set_learning_rate(self, value: float) -> Result:
        return self._set_config(f"Learning rate {as_set(value)}", learning_rate=value)

    def set_loss(self, name: str) -> Result:
        title = LOSSES[name].title if name in LOSSES else name  # an unknown name is refused below
        return self._set_config(f"Loss {title}", loss=name)

    def set_batch_size(self, size: int | None) -> Result:
        label = batch_mode(size, len(self.trainer.data)) if size is None or size >= 1 else str(size)
        return self._set_config(f"Batch mode {label}", batch_size=size)

    def set_batch_kind(self, kind: str, k: int = 2) -> Result:
        """Online, full batch, or mini-batches of ``k`` (core.config.batch_size_for)."""
        return self.set_batch_size(batch_size_for(kind, k, len(self.trainer.data)))

    def set_shuffle(self, shuffle: bool) -> Result:
        return self._set_config(f"Shuffle {'on' if shuffle else 'off'}", shuffle=bool(shuffle))

    def choose_regularization(self, kind: str, rate: float) -> Result:
        """A regularizer chosen from a list, with the rate shown beside it (L1 or L2 at λ = 0 gets
        0.001, no regularization λ = 0: Regularizer.rate_when_chosen)."""
        reg = REGULARIZERS.get(kind)
        return self.set_regularization(kind, reg.rate_when_chosen(rate) if reg else rate)

    def set_regularization(self, kind: str, rate: float) -> Result:
        title = REGULARIZERS[kind].title if kind in REGULARIZERS else kind  # unknown: refused below
        return self._set_config(f"Regularization {title} {as_set(rate)}", regularization=kind, regularization_rate=rate)

    def set_activation(self, layer: int, name: str) -> Result:
        """Set the activation of weight layer ``layer`` (−1 = output). Weights are kept."""
        names = self.trainer.network.activation_names
        layer = layer % len(names)
        names[layer] = name
        return self._set_activations(names, "Output" if layer == len(names) - 1 else "Hidden", name)

    def set_hidden_activation(self, name: str) -> Result:
        """Set every hidden layer's activation at once."""
        names = self.trainer.network.activation_names
        return self._set_activations([name] * (len(names) - 1) + names[-1:], "Hidden", name)

    def _set_activations(self, names: list[str], where: str, name: str) -> Result:
        net = self.trainer.network
        if names == net.activation_names:
            return OK
        label = ACTIVATIONS[name].label if name in ACTIVATIONS else name  # an unknown name is refused below
        return self.change(f"{where} activation {label}",
                           lambda: self.trainer.set_network(Network(net.layers, names, net.weights)),
                           marker=f"{where.lower()} {label}")

    def set_initialization(self, init: Initialization) -> Result:
        """Choose how weights are made and make them (epoch and history restart)."""
        return self.change(f"Initialize {init.method}", lambda: self.trainer.reinitialize(init),
                           resets_history=True)

    def set_init_method(self, method: str) -> Result:
        """Another way of making weights, with this session's value, scale and seed (a file's seed
        of 5,000,000 too, more than the seed box shows)."""
        init = self.trainer.init
        return self.set_initialization(Initialization(method, init.value, init.scale, init.seed))

    def set_init_seed(self, seed: int) -> Result:
        """This way of making weights with another seed."""
        init = self.trainer.init
        return self.set_initialization(Initialization(init.method, init.value, init.scale, seed))

    def reset_weights(self) -> Result:
        """Back to this run's initial weights, exactly (epoch 0, empty history)."""
        return self.change("Reset weights", self.trainer.reinitialize, resets_history=True)

    def randomize_weights(self) -> Result:
        """A new seed for a random initialization (uniform if the method was constant)."""
        from . import remedies  # its new_seed: the remedies' table is not needed to start

        return self.set_initialization(self.trainer.init.randomized(remedies.new_seed()))

    def weight_name(self, layer: int, row: int, col: int) -> str:
        return self.snapshot.weight_names[layer][row][col]

    def edit_weight(self, layer: int, row: int, col: int, text: str) -> Result:
        """Set a weight from what the user typed. Bad input: refused with the reason, nothing changes."""
        name = self.weight_name(layer, row, col)
        try:
            value = parse_number(text)
        except ValueError as exc:
            return self._tell(refused(f"{name} not changed: {exc}"))
        if value == self.trainer.network.weights[layer][row, col]:
            return OK
        return self.change(f"Set {name} to {as_set(value)}", lambda: self.trainer.set_weight(layer, row, col, value),
                           marker=f"{name} edited")

    def nudge_weight(self, layer: int, row: int, col: int, delta: float) -> Result:
        """Add ``delta`` to a weight; successive nudges of one weight merge into one undo entry."""
        name = self.weight_name(layer, row, col)
        value = float(self.trainer.network.weights[layer][row, col] + delta)
        try:
            value = parse_number(repr(round(value, 12)))
        except ValueError as exc:
            return self._tell(refused(f"{name} not changed: {exc}"))
        return self.change(f"Nudge {name}", lambda: self.trainer.set_weight(layer, row, col, value),
                           merge_key=("nudge", layer, row, col), marker=f"{name} nudged")
