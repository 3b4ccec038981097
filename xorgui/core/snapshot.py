"""Everything the window shows, computed once per change from a Trainer.

Views render a :class:`Snapshot` and never compute: the forward values, deltas, losses,
predictions and findings here are the engine's own numbers. Its cost does not grow with the
data beyond what one forward pass needs: after a run of epochs that pass is the one training
ended on (``Trainer.forward``), and back-propagation runs for the selected sample only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from . import naming
from .accuracy import right_samples
from .diagnostics import Finding, diagnose
from .divergence import NOT_FINITE, Divergence, finite
from .evaluation import Evaluation, evaluate
from .init import Initialization
from .activations import get_activation
from .losses import get_loss
from .network import ForwardPass
from .training import MAX_EPOCH, Marker, Trainer, TrainingConfig

Array = np.ndarray


@dataclass(frozen=True)
class Snapshot:
    """Per-layer lists follow the core's conventions: ``weights[l]`` is ``(layers[l+1], 1 +
    layers[l])``; ``a[l]`` and ``z[l]`` are ``(n_samples, layers[l+1])``; ``deltas[l]`` is
    ``(layers[l+1],)``, δ = dL/da of the ``selected`` sample (what the diagram shows)."""

    layers: tuple[int, ...]
    activations: tuple[str, ...]
    config: TrainingConfig
    init: Initialization
    weights: tuple[Array, ...]
    unit_names: tuple[tuple[str, ...], ...]  # per layer, bias first where there is one
    weight_names: tuple[tuple[tuple[str, ...], ...], ...]
    inputs: Array
    targets: Array
    a: tuple[Array, ...]
    z: tuple[Array, ...]
    deltas: tuple[Array, ...]
    correct: Array  # (n_samples,) bool: right by core.accuracy's rule, at this precision
    loss: float
    start_loss: float | None  # epoch 0's: of the weights the run started from (Trainer.start_loss)
    accuracy: float  # fraction of correct samples
    epoch: int
    cursor: int
    next_sample: int
    pending: int
    batch_mode: str
    selected: int
    findings: tuple[Finding, ...]
    markers: tuple[Marker, ...]
    history_length: int
    precision: int
    # the test set (never trained on) and its figures; None without a train/test split
    test_inputs: Array | None = None
    test_targets: Array | None = None
    test: Evaluation | None = None
    # why nothing may change the run: the window shows an earlier epoch (this snapshot's), read-only;
    # "" at the present. A sentence for the controls' tips (gui/time_travel.py writes it)
    read_only: str = ""

    @property
    def predictions(self) -> Array:
        return self.z[-1]

    @cached_property
    def sample_losses(self) -> Array:
        """``(n_samples,)``: each sample's loss, computed when first asked for (a long truth
        table shows a dozen rows: a change need not pay for 10,000)."""
        with np.errstate(all="ignore"):
            loss = get_loss(self.config.loss).for_output(get_activation(self.activations[-1]))
            return loss.per_sample(self.a[-1], self.z[-1], self.targets)

    @cached_property
    def cannot_train(self) -> str:
        """Why Train, Step sample, Epoch and Step phase are refused on this network (a weight or
        the loss is not finite: every later update is NaN; the last epoch counted exactly
        reached: a file saved after it could not be opened again), "" when they are not."""
        if self.epoch >= MAX_EPOCH - 1:
            return (f"This run is at epoch {naming.epoch_number(self.epoch)}, the last one counted exactly: "
                    "no more can be trained (Reset or Randomize starts a new run).")
        return "" if finite(self.weights, self.loss) else NOT_FINITE

    def has_bias(self, layer: int) -> bool:
        return layer < len(self.layers) - 1


@lru_cache(maxsize=16)
def _unit_names(layers: tuple[int, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(naming.unit_names(list(layers), k)) for k in range(len(layers)))


@lru_cache(maxsize=16)
def _weight_names(layers: tuple[int, ...]) -> tuple[tuple[tuple[str, ...], ...], ...]:
    return tuple(tuple(tuple(r) for r in m) for m in naming.weight_names(list(layers)))


def describe(trainer: Trainer, selected: int = 0, precision: int = 4,
             divergence: Divergence | None = None, read_only: str = "") -> Snapshot:
    """The snapshot of ``trainer`` with ``selected`` the sample the diagram shows;
    ``divergence``: where the last run diverged, if it did (see diagnostics.diagnose);
    ``read_only``: why it is not to be changed, when it is an earlier epoch's (see Snapshot)."""
    net, data, loss_fn, test = trainer.network, trainer.data, trainer.loss, trainer.test_data
    with np.errstate(all="ignore"):
        fwd = trainer.forward()  # the one forward pass: everything below derives from it
        s = max(0, min(selected, len(data) - 1))
        one = ForwardPass(fwd.inputs[s:s + 1], [a[s:s + 1] for a in fwd.a], [z[s:s + 1] for z in fwd.z])
        deltas = [d[0] for d in net.deltas(one, data.targets[s:s + 1], loss_fn)]
        loss = loss_fn.mean(fwd.a[-1], fwd.z[-1], data.targets)  # bit for bit the history's value
        correct = right_samples(fwd.output, data.targets, precision)
    layers = net.layers
    return Snapshot(
        layers=tuple(layers), activations=tuple(net.activation_names), config=trainer.config,
        init=trainer.init, weights=tuple(net.copy_weights()),
        unit_names=_unit_names(tuple(layers)), weight_names=_weight_names(tuple(layers)),
        inputs=data.inputs, targets=data.targets, a=tuple(fwd.a), z=tuple(fwd.z), deltas=tuple(deltas),
        correct=correct, loss=loss, start_loss=trainer.start_loss, accuracy=float(np.mean(correct)),
        epoch=trainer.epoch, cursor=trainer.cursor, next_sample=trainer.next_sample,
        pending=trainer.pending_samples, batch_mode=trainer.config.batch_mode(len(data)),
        selected=s, findings=tuple(diagnose(trainer, divergence, fwd, precision, correct, loss)),
        markers=tuple(trainer.markers), history_length=len(trainer.history), precision=precision,
        test_inputs=None if test is None else test.inputs, test_targets=None if test is None else test.targets,
        test=None if test is None else evaluate(net, test, loss_fn, precision), read_only=read_only,
    )
