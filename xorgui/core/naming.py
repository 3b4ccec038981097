"""Names of units and weights, following the seed article for the 2-3-1 network.

Units: the input layer is ``X0`` (bias), ``X1``, ``X2``, …; the output layer is
``D0``, ``D1``, … (no bias). A single hidden layer is ``Z0`` (bias), ``Z1``, …; with
several hidden layers, hidden layer ``k`` (1-based) is ``Z{k}_0`` (bias), ``Z{k}_1``, ….

Weights: with two weight layers (one hidden layer) they are ``W`` (input → hidden)
and ``V`` (hidden → output); otherwise ``W1_``, ``W2_``, … per layer. The prefix is
followed by the target unit's number and the source unit's number, e.g. ``W21`` is
X1 → Z2 and ``V00`` is Z0 → D0. When either number has two digits they are separated
by a comma: ``W12,3``.
"""

from __future__ import annotations


def unit_names(layers: list[int], layer: int, include_bias: bool = True) -> list[str]:
    """Names of the units of ``layer`` (0 = input); the bias unit first if it has one."""
    last = len(layers) - 1
    if layer == last:
        return [f"D{j}" for j in range(layers[layer])]
    prefix = layer_prefix(layers, layer)
    first = 0 if include_bias else 1
    return [f"{prefix}{j}" for j in range(first, layers[layer] + 1)]


def layer_prefix(layers: list[int], layer: int) -> str:
    if layer == 0:
        return "X"
    if layer == len(layers) - 1:
        return "D"
    return "Z" if len(layers) == 3 else f"Z{layer}_"


def layer_title(layers: list[int], layer: int) -> str:
    """'input', 'hidden', 'hidden 2', 'output'."""
    if layer == 0:
        return "input"
    if layer == len(layers) - 1:
        return "output"
    return "hidden" if len(layers) == 3 else f"hidden {layer}"


def target_number(layers: list[int], layer: int, row: int) -> int:
    """The number in a unit's name for row ``row`` of the weights into ``layer``."""
    return row if layer == len(layers) - 1 else row + 1


def target_name(layers: list[int], layer: int, row: int) -> str:
    """Name of the unit that row ``row`` of weight layer ``layer - 1`` feeds."""
    return unit_names(layers, layer)[row if layer == len(layers) - 1 else row + 1]


def source_name(layers: list[int], layer: int, col: int) -> str:
    """Name of the unit in ``layer`` that column ``col`` multiplies (column 0 is bias)."""
    return unit_names(layers, layer)[col]


def weight_prefix(layers: list[int], l: int) -> str:
    if len(layers) == 3:
        return "WV"[l]
    return f"W{l + 1}_"


def weight_name(layers: list[int], l: int, row: int, col: int) -> str:
    """Name of ``weights[l][row, col]``, e.g. ``W10`` or ``V03``."""
    j = target_number(layers, l + 1, row)
    sep = "," if j > 9 or col > 9 else ""
    return f"{weight_prefix(layers, l)}{j}{sep}{col}"


def weight_names(layers: list[int]) -> list[list[list[str]]]:
    """Names shaped like the weights: ``names[l][row][col]``."""
    return [
        [[weight_name(layers, l, r, c) for c in range(layers[l] + 1)] for r in range(layers[l + 1])]
        for l in range(len(layers) - 1)
    ]


def updated_name(weight: str) -> str:
    """A weight after the step's update, where it must not read as the weight before it
    (the spreadsheet's column A): ``W10_new``, as ``ŷ_new`` and ``L_new``."""
    return f"{weight}_new"


def epoch_number(epoch: int) -> str:
    """An epoch as the window writes it everywhere: '2,880' (thousands grouped, as the timeline
    and the status messages have always written it)."""
    return f"{int(epoch):,}"


def and_list(items) -> str:
    """Names listed as a sentence does: '3', '3 and 2', '3, 2 and 1' (titles such as
    'Samples 3 and 2 barely improved' and 'Units Z1 and Z2 are identical')."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def count(n: int, noun: str) -> str:
    """A count as a sentence says it: '1 training sample', '3 training samples', '10,000 test
    samples' (thousands grouped). ``noun`` is singular; its plural adds an 's'."""
    return f"{int(n):,} {noun}{'' if n == 1 else 's'}"


def right_of(right: int, counted: int) -> str:
    """A practice score as both the walk and the worksheet say it: '1 of 2 right', and 'none
    checked' before any answer was (not '0 of 0 right'; short enough for the walk's score label
    at 1024 pixels)."""
    return f"{int(right):,} of {int(counted):,} right" if counted else "none checked"


def sample_counts(n_train: int, n_test: int | None = None) -> str:
    """The samples of a data set: '4 training samples', '3 training samples and 1 test sample'
    (``n_test``: the samples kept for testing; None or 0 without a split)."""
    return count(n_train, "training sample") + (f" and {count(n_test, 'test sample')}" if n_test else "")


def some_of(part: int, whole: int, noun: str, verb: str = "is", verbs: str = "are") -> str:
    """A part of a count as a sentence says it: '1 of 4 training samples is', '3 of 4 training
    samples are', '1 of 1 training sample is' (the noun agrees with the whole, the verb with the
    part; thousands grouped). ``noun`` is singular; its plural adds an 's'."""
    return f"{int(part):,} of {count(whole, noun)} {verb if part == 1 else verbs}"


def epoch_place(epoch: int, cursor: int, n_samples: int) -> str:
    """Where the weights shown stand: '12' at the end of epoch 12, '12 (+1 of 4 samples)' one
    sample into the next (the loss plot's header, the Per sample tab and the twin window)."""
    return f"{epoch_number(epoch)} (+{cursor:,} of {n_samples:,} samples)" if cursor else epoch_number(epoch)
