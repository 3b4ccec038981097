"""Why isn't it learning? Structured findings about a network, its data and its history."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .naming import unit_names, layer_title
from .training import Trainer

Array = np.ndarray

DIVERGED_LOSS = 1e6  # a mean loss above this, or weights above it, count as diverged
SATURATED = 0.99  # |tanh| or the distance of sigmoid from 0.5 doubled, for every sample
PLATEAU_EPOCHS = 200  # epochs over which a plateau is judged
PLATEAU_CHANGE = 1e-6  # relative change of loss that counts as no progress
LEARNED_LOSS = 1e-3  # below this a flat loss is convergence, not a plateau


# One-click remedies offered for each finding: (remedy id, button label). The controller
# knows how to apply each id (Controller.apply_remedy).
REMEDIES: dict[str, tuple[tuple[str, str], ...]] = {
    "linear": (("sigmoid_hidden", "Use sigmoid hidden units"),),
    "symmetric": (("randomize", "Randomize the weights"),),
    "diverged": (("undo", "Undo to before the divergence"), ("lower_rate", "Lower the learning rate ÷10")),
    "non_finite": (("undo", "Undo to before the divergence"), ("lower_rate", "Lower the learning rate ÷10")),
    "dead_relu": (("leaky_relu", "Use leaky ReLU"), ("randomize", "Re-initialize")),
    "saturated": (("xavier", "Re-initialize (Xavier)"), ("lower_rate", "Lower the learning rate ÷10")),
    "plateau": (("randomize", "Randomize the weights"),),
}


@dataclass(frozen=True)
class Finding:
    """One diagnosis. ``code`` is stable (for tests and remedies); ``units`` names the units
    concerned, if any."""

    code: str
    title: str
    explanation: str
    severity: str = "warning"  # "info", "warning" or "error"
    units: tuple[str, ...] = field(default_factory=tuple)


def diagnose(trainer: Trainer) -> list[Finding]:
    """All findings for the trainer's current state, most serious first."""
    findings = _non_finite_or_diverged(trainer)
    net = trainer.network
    if net.is_linear:
        findings.append(Finding(
            "linear", "The network is linear",
            "Every activation is the identity, so the whole network computes one linear "
            "function of its inputs, however many layers it has. No linear function fits XOR: "
            "the best a linear model can do on it is predict 0.5 for every sample (mean squared "
            "loss 0.125). Use sigmoid, tanh or ReLU hidden units."))
    findings.extend(_symmetric_units(trainer))
    if not any(f.severity == "error" for f in findings):
        findings.extend(_unit_states(trainer))
        findings.extend(_plateau(trainer))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: order[f.severity])


def _non_finite_or_diverged(trainer: Trainer) -> list[Finding]:
    weights_ok = all(np.all(np.isfinite(w)) for w in trainer.network.weights)
    loss = trainer.current_loss() if weights_ok else math.nan
    if not weights_ok or not math.isfinite(loss):
        return [Finding(
            "non_finite", "The loss is not a finite number",
            "Weights or outputs overflowed to infinity or became NaN, usually because the "
            "learning rate is far too large. Nothing further can be learned from here: undo to "
            "before the divergence, or reset, and lower the learning rate.", "error")]
    biggest = max(float(np.abs(w).max()) for w in trainer.network.weights)
    if loss > DIVERGED_LOSS or biggest > DIVERGED_LOSS:
        return [Finding(
            "diverged", "Training diverged",
            f"The loss is {loss:.3g} and the largest weight is {biggest:.3g}: each update "
            "overshoots the minimum by more than the last, so the error grows instead of "
            "shrinking. Lower the learning rate (halve it until the loss falls) and undo to "
            "before the divergence.", "error")]
    return []


def identical_unit_groups(trainer: Trainer) -> list[tuple[int, list[int]]]:
    """Groups of hidden units (layer, unit rows) with identical incoming and outgoing weights.

    Such units compute the same activation and get the same delta for every sample, so every
    update keeps them identical: gradient descent can never tell them apart.
    """
    groups = []
    weights = trainer.network.weights
    for l in range(len(weights) - 1):
        incoming, outgoing = weights[l], weights[l + 1][:, 1:]
        seen: dict[bytes, list[int]] = {}
        for j in range(incoming.shape[0]):
            key = np.concatenate([incoming[j], outgoing[:, j]]).tobytes()
            seen.setdefault(key, []).append(j)
        groups.extend((l + 1, rows) for rows in seen.values() if len(rows) > 1)
    return groups


def _symmetric_units(trainer: Trainer) -> list[Finding]:
    layers = trainer.network.layers
    findings = []
    for layer, rows in identical_unit_groups(trainer):
        names = unit_names(layers, layer, include_bias=False)
        units = tuple(names[j] for j in rows)
        findings.append(Finding(
            "symmetric", f"Units {', '.join(units)} are identical",
            f"In the {layer_title(layers, layer)} layer, {', '.join(units)} have the same "
            "incoming and outgoing weights. They compute the same value and receive the same "
            "delta for every sample, so every update changes them alike: they stay identical "
            "forever and act as one unit. Start from different (random) weights to break the "
            "symmetry.", units=units))
    return findings


def _unit_states(trainer: Trainer) -> list[Finding]:
    """Dead ReLUs and saturated sigmoid/tanh units, judged over all samples."""
    net = trainer.network
    fwd = trainer.forward()
    findings = []
    for l, act in enumerate(net.activations[:-1]):
        names = unit_names(net.layers, l + 1, include_bias=False)
        a, z = fwd.a[l], fwd.z[l]
        if act.name == "relu":
            dead = tuple(names[j] for j in np.flatnonzero(np.all(a <= 0.0, axis=0)))
            if dead:
                findings.append(Finding(
                    "dead_relu", f"Dead ReLU units: {', '.join(dead)}",
                    "These units have a negative weighted sum for every sample, so they output 0 "
                    "and their derivative is 0: no gradient reaches their weights and they never "
                    "recover. Re-initialize, lower the learning rate, or use leaky ReLU.",
                    units=dead))
        elif act.name in ("sigmoid", "tanh"):
            spread = np.abs(2.0 * z - 1.0) if act.name == "sigmoid" else np.abs(z)
            sat = tuple(names[j] for j in np.flatnonzero(np.all(spread > SATURATED, axis=0)))
            if sat:
                findings.append(Finding(
                    "saturated", f"Saturated units: {', '.join(sat)}",
                    f"These {act.name} units sit on a flat end of their curve for every sample, "
                    "where the derivative is almost 0, so their weights barely move. Large "
                    "weights cause this: re-initialize with smaller weights or lower the "
                    "learning rate.", units=sat))
    return findings


def _plateau(trainer: Trainer) -> list[Finding]:
    h = trainer.history.values
    if len(h) < PLATEAU_EPOCHS:
        return []
    old, new = float(h[-PLATEAU_EPOCHS]), float(h[-1])
    if new < LEARNED_LOSS or not (math.isfinite(old) and math.isfinite(new)):
        return []
    if abs(old - new) <= PLATEAU_CHANGE * max(abs(old), 1e-12):
        return [Finding(
            "plateau", "The loss has stopped falling",
            f"Over the last {PLATEAU_EPOCHS} epochs the loss stayed at {new:.6g}. The network "
            "is stuck at a point where the gradient is (almost) zero but the fit is poor: a "
            "symmetric or linear network, saturated units, or a poor local minimum. Check the "
            "other findings, or re-initialize with random weights.", "info")]
    return []
