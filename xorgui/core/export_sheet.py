"""File ▸ Export ▸ Spreadsheet: the walkthrough's step as cells with live formulas.

Every quantity of the walkthrough (``walkthrough_render.work``: the same names, the same
order) becomes a cell whose formula refers to the cells it is computed from: the weights, α,
λ, the sample's inputs and target, and earlier results. A learner who changes a weight in
LibreOffice or Excel sees every number after it recompute. This module only builds the rows
(pure Python); ``xorgui.export`` writes them to an .xlsx file.

Layout: column A the name (the diagram's and the walkthrough's), column B the value or formula,
column C the formula in the walkthrough's words. Input cells (weights, α, λ, inputs, targets)
are marked ``kind == "input"``; each walkthrough equation is a ``"quantity"`` row; rows that
only carry a forward pass through the new weights (for ŷ_new, L_new, J_new) are ``"helper"``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import naming
from .activations import SIGMOID_FAR, TANH_FAR, get_activation
from .cancel import REPORT_EVERY, Report, part
from .export_script import fresh, walk_sample
from .network import Network
from .training import Trainer
from .walkthrough import Equation
from .walkthrough_render import Walkthrough, setup_line, work

def _each_weight(layers: list, cell) -> list:
    """``[l][j][i]`` → ``cell(l, j, i, layers[l][j][i])`` for every weight, called in that order
    (the cells it adds go into the sheet row after row as they are made)."""
    return [[[cell(l, j, i, v) for i, v in enumerate(row)] for j, row in enumerate(layer)]
            for l, layer in enumerate(layers)]


# activation → (f(a), f'(a) from a and z, ŷ − y of an output unit from a, z and y), as Excel
# formulas over the cells {a}, {z} and {y}. As written by hand where they keep their digits; beyond
# the |a| where the engine takes them from e^−|a| (activations.SIGMOID_FAR, TANH_FAR: z rounds
# near ±1), in the engine's form, so that a recalculated sheet shows the engine's digits there too
_SIG, _TANH = f"{SIGMOID_FAR:g}", f"{TANH_FAR:g}"
_E2 = "EXP(-2*ABS({a}))"  # e^−2|a|: tanh's 1 − tanh|a| = 2·e^−2|a| / (1 + e^−2|a|)
ACTIVATION_CELLS = {
    "identity": ("{a}", "1", "{z}-{y}"),
    "sigmoid": (f"IF({{a}}<-{_SIG},EXP({{a}})/(1+EXP({{a}})),1/(1+EXP(-{{a}})))",
                f"IF({{a}}>{_SIG},EXP(-{{a}})/(1+EXP(-{{a}}))^2,{{z}}*(1-{{z}}))",
                f"IF({{a}}>{_SIG},(1-{{y}})-EXP(-{{a}})/(1+EXP(-{{a}})),{{z}}-{{y}})"),
    "tanh": ("TANH({a})",
             f"IF(ABS({{a}})>{_TANH},4*{_E2}/(1+{_E2})^2,1-{{z}}^2)",
             f"IF(ABS({{a}})>{_TANH},IF({{a}}>0,(1-{{y}})-2*{_E2}/(1+{_E2}),(-1-{{y}})+2*{_E2}/(1+{_E2})),{{z}}-{{y}})"),
    "relu": ("MAX(0,{a})", "IF({a}>0,1,0)", "{z}-{y}"),
    "leaky_relu": ("IF({a}>0,{a},0.01*{a})", "IF({a}>0,1,0.01)", "{z}-{y}"),
}
_U = "EXP(-ABS({a}))"  # e^−|a|: ln(1 + u) is u − u²/2 + u³/3 − u⁴/4 to the last digit where u < e^−10
# loss → (L of one output from a {a}, ŷ {z}, y {y} and ŷ − y {e}, summed over the outputs; δ at
# the output from {e} and {fprime}). Cross-entropy beyond |a| = SIGMOID_FAR: max(a, 0) − y·a +
# ln(1 + e^−|a|), the engine's ln(1 + e^±a) from a (LN(1 − ŷ) lost digits, then gave #NUM!)
LOSS_CELLS = {
    "squared": ("0.5*({e})^2", "({e})*{fprime}"),
    "cross_entropy": (f"IF(ABS({{a}})>{_SIG},MAX({{a}},0)-{{y}}*{{a}}+{_U}-{_U}^2/2+{_U}^3/3-{_U}^4/4,"
                      "-({y}*LN({z})+(1-{y})*LN(1-{z})))", "{e}"),
}
# regularizer → R'(W) from λ {lam} and the weight {w}; None: no term
REGULARIZER_CELLS = {"none": None, "l1": "{lam}*SIGN({w})", "l2": "{lam}*{w}"}

COLUMNS = ("name", "value", "formula")  # A, B, C


@dataclass(frozen=True)
class Row:
    """One row of the sheet. ``formula`` is an Excel formula (``=B7*1+…``) or None for a
    value typed in (``kind`` "input") or a text row ("title", "heading", "note");
    ``value`` is what the cell holds now (the engine's number)."""

    number: int  # 1-based row of the sheet
    kind: str
    name: str
    value: float | None = None
    formula: str | None = None
    words: str = ""

    @property
    def cell(self) -> str:
        return f"B{self.number}"


class _Builder:
    def __init__(self):
        self.rows: list[Row] = []

    def add(self, kind: str, name: str, value=None, formula=None, words="") -> str:
        """Append a row; returns its value cell ("B12"), for the formulas that use it."""
        row = Row(len(self.rows) + 1, kind, name, None if value is None else float(value), formula, words)
        self.rows.append(row)
        return row.cell


def _check_exportable(trainer: Trainer) -> None:
    for name in trainer.network.activation_names:
        if name not in ACTIVATION_CELLS:
            raise ValueError(f"the spreadsheet export does not know the {get_activation(name).label} activation yet")
    if trainer.config.loss not in LOSS_CELLS:
        raise ValueError(f"the spreadsheet export does not know the {trainer.loss.title} loss yet")
    if trainer.config.regularization not in REGULARIZER_CELLS:
        raise ValueError(f"the spreadsheet export does not know the {trainer.config.regularization} "
                         "regularization yet")


MAX_ROWS = 1_048_576  # a worksheet's rows in Excel and LibreOffice
# what helps: outside online mode the sheet works the rest of the epoch, whatever the batch size
TOO_MANY_ROWS = "export an online session (one sample's step) or fewer samples"


def sheet_rows(trainer: Trainer, walk: Walkthrough, report: Report | None = None) -> list[Row]:
    """The rows for ``walk`` (a walkthrough of ``trainer``'s next update(s), see ``work``);
    ``report`` is told the share of its samples done (core.cancel)."""
    _check_exportable(trainer)
    rows = _Sheet(trainer, walk).build(report)
    if len(rows) > MAX_ROWS:
        raise ValueError(f"this export needs {len(rows):,} rows, more than a spreadsheet holds ({MAX_ROWS:,}): "
                         f"{TOO_MANY_ROWS}")
    return rows


def spreadsheet(trainer: Trainer, sample: int | None = None, report: Report | None = None) -> list[Row]:
    """The rows of the session's walkthrough step, as :func:`export_script.python_script` works it
    (an online step on ``sample``, default the next one; or the epoch's batches, from the start of the
    batch under way: its every sum is then a formula of the sheet). ``report`` is told the share
    done, working the step being the first ~60 % (core.cancel)."""
    t = fresh(trainer, batch_start=True)
    online = walk_sample(trainer, sample)
    _check_size(t, online)
    walk = work(t, online_sample=online, report=part(report, 0, 0.55))
    return sheet_rows(t, walk, part(report, 0.55, 1))


def _check_size(t: Trainer, online: int | None) -> None:
    """ValueError before any row is built when the step surely needs more rows than a sheet
    holds: per sample at least a gradient row for each weight (and a running sum in a batch) and
    a sum, an activation and a delta for each unit (2-16-1 on 10,000 samples was refused only
    after 33 s of building 2,220,140 rows; this counts 1,810,000)."""
    samples = 1 if online is not None else len(t.data) - t.cursor
    weights = sum(w.size for w in t.network.weights)
    least = samples * (weights * (1 if online is not None else 2) + 3 * sum(t.network.layers[1:]))
    if least > MAX_ROWS:
        raise ValueError(f"this export needs at least {least:,} rows (the rest of the epoch: {samples:,} samples, "
                         f"{weights:,} weights), more than a spreadsheet holds ({MAX_ROWS:,}): {TOO_MANY_ROWS}")


class _Sheet:
    def __init__(self, trainer: Trainer, walk: Walkthrough):
        self.t, self.walk, self.b = trainer, walk, _Builder()
        net = trainer.network
        self.layers, self.acts = net.layers, net.activation_names
        self.names = naming.weight_names(self.layers)
        self.loss, self.reg = LOSS_CELLS[trainer.config.loss], REGULARIZER_CELLS[trainer.config.regularization]
        self.equations: list[Equation] = []

    # -- the whole sheet ------------------------------------------------------------------------
    def build(self, report: Report | None = None) -> list[Row]:
        b, cfg, walk = self.b, self.t.config, self.walk
        b.add("title", "Back-propagation by hand: every number is a formula")
        b.add("note", walk.description)
        b.add("note", setup_line(walk.steps[0].trace, 6))
        b.add("note", "Change a yellow cell (a weight, α, an input or a target): every number after it recomputes.")
        b.add("heading", "Settings")
        self.alpha = b.add("input", "α", cfg.learning_rate, words="learning rate")
        self.lam = b.add("input", "λ", cfg.regularization_rate, words=f"regularization rate ({cfg.regularization})")
        biases = naming.and_list(naming.unit_names(self.layers, l)[0] for l in range(len(self.layers) - 1))
        outputs = "outputs" if len(self.layers) == 2 else "output"  # X0 alone, or X0 and Z0, …
        b.add("heading", f"Weights before the step (bias weights: from {biases}, which always {outputs} 1)")
        weights = [[[b.add("input", self.names[l][j][i], w[j, i],
                           words=f"{naming.source_name(self.layers, l, i)} → {naming.target_name(self.layers, l + 1, j)}")
                     for i in range(w.shape[1])] for j in range(w.shape[0])]
                   for l, w in enumerate(walk.weights_before)]
        updates = iter(walk.updates)
        sums, loss_cells = None, []
        for done, step in enumerate(walk.steps):
            if report is not None and done % REPORT_EVERY == 0:
                report(done / len(walk.steps))
            tr, batch = step.trace, step.batch
            self.equations = [eq for ph in step.phases for eq in ph.equations]
            where = "" if batch is None else f" (position {batch.position} of {batch.size} in the batch)"
            b.add("heading", f"Sample {step.sample}{where}")
            x = [b.add("input", f"z_{u}", v, words="input")
                 for u, v in zip(naming.unit_names(self.layers, 0)[1:], tr.inputs)]
            outs = naming.unit_names(self.layers, len(self.layers) - 1)
            y = [b.add("input", "y" if len(outs) == 1 else f"y_{u}", v, words="target")
                 for u, v in zip(outs, tr.target)]
            a, z = self._forward(weights, x, quantity=True)
            loss = self._loss(a, z, y)
            deltas = self._deltas(weights, a, z, y)
            grads = self._gradients(x, z, deltas)
            if batch is None or batch.size == 1:
                weights = self._online_update(weights, grads, next(updates), (x, y, tr.inputs, tr.target))
                continue
            sums = self._batch_sums(grads, None if batch.position == 1 else sums)
            loss_cells.append((loss, x, y, tr.inputs, tr.target))
            if batch.complete:
                weights = self._batch_update(weights, sums, batch.size, next(updates), loss_cells)
                loss_cells = []
        assert not self.equations, "every walkthrough equation has a cell"
        return b.rows

    # -- pieces ---------------------------------------------------------------------------------
    def _quantity(self, formula: str, name: str | None = None, more: str = "", words: str | None = None) -> str:
        """The next walkthrough equation's row, with the formula computing it; column C is the
        walkthrough's formula (and ``more``), or ``words``."""
        eq = self.equations.pop(0)
        assert name is None or eq.target == name, (eq.target, name)
        words = f"{eq.op} {eq.formula}{more}" if words is None else words
        # an update's row holds the weight after the step: named apart from the weight's input row
        label = naming.updated_name(eq.target) if eq.op == ":=" else eq.target
        return self.b.add("quantity", label, eq.value, "=" + formula, words)

    def _forward(self, weights, x, quantity: bool, values=None):
        """a and z cells of every layer; ``values`` (a, z per layer) for helper rows."""
        a_cells, z_cells, src = [], [], ["1"] + x
        for l, act in enumerate(self.acts):
            f = ACTIVATION_CELLS[act][0]
            a_l, z_l = [], []
            for j, row in enumerate(weights[l]):
                u = naming.target_name(self.layers, l + 1, j)
                sum_formula = "+".join(f"{w}*{s}" for w, s in zip(row, src))
                if quantity:
                    a_l.append(self._quantity(sum_formula, f"a_{u}"))
                    z_l.append(self._quantity(f.format(a=a_l[-1]), more=f", {get_activation(act).formula}"))
                else:
                    av, zv = values
                    a_l.append(self.b.add("helper", f"a_{u} (new weights)", av[l][j], "=" + sum_formula,
                                          "through the new weights"))
                    z_l.append(self.b.add("helper", f"z_{u} (new weights)", zv[l][j], "=" + f.format(a=a_l[-1]),
                                          "through the new weights"))
            a_cells.append(a_l)
            z_cells.append(z_l)
            src = ["1"] + z_l
        return a_cells, z_cells

    def _error(self, a: str, z: str, y: str) -> str:
        """ŷ − y of an output unit (cells a, z = ŷ, y), as the engine computes it."""
        return ACTIVATION_CELLS[self.acts[-1]][2].format(a=a, z=z, y=y)

    def _loss_formula(self, a, z, y) -> str:
        return "+".join(self.loss[0].format(a=ac, z=zc, y=yc, e=self._error(ac, zc, yc))
                        for ac, zc, yc in zip(a[-1], z[-1], y))

    def _loss(self, a, z, y) -> str:
        for ac, zc, yc in zip(a[-1], z[-1], y):  # (the walkthrough writes the error in numbers: here, in words)
            error = self._error(ac, zc, yc)
            self._quantity(f"{yc}-{zc}" if error == f"{zc}-{yc}" else f"-({error})",
                           words="the error: target minus prediction")
        return self._quantity(self._loss_formula(a, z, y), "L")

    def _deltas(self, weights, a, z, y):
        last = len(weights) - 1
        deltas = [None] * len(weights)
        for l in range(last, -1, -1):
            fprime = ACTIVATION_CELLS[self.acts[l]][1]
            cells = []
            for j in range(len(a[l])):
                slope = fprime.format(a=a[l][j], z=z[l][j])
                if l == last:
                    formula = self.loss[1].format(e=self._error(a[l][j], z[l][j], y[j]), fprime=slope)
                else:
                    back = "+".join(f"{weights[l + 1][k][j + 1]}*{deltas[l + 1][k]}" for k in range(len(deltas[l + 1])))
                    formula = f"({back})*{slope}"
                cells.append(self._quantity(formula))
            deltas[l] = cells
        return deltas

    def _gradients(self, x, z, deltas):
        """(l, j, i) → the formula of ∂L/∂W (it becomes a cell in the update or sum rows)."""
        sources = [["1"] + x] + [["1"] + zl for zl in z[:-1]]
        return [[[f"{s}*{d}" for s in sources[l]] for d in deltas[l]] for l in range(len(deltas))]

    def _step(self, w: str, gradient: str, col: int) -> str:
        """W − α·(gradient + R'(W)); R' is zero on the bias column."""
        if self.reg is None or col == 0:
            return f"{w}-{self.alpha}*({gradient})"
        return f"{w}-{self.alpha}*(({gradient})+{self.reg.format(lam=self.lam, w=w)})"

    def _online_update(self, weights, grads, update, sample):
        def new_weight(l, j, i, w):
            g = self._quantity(grads[l][j][i])
            return self._quantity(self._step(w, g, i), self.names[l][j][i])

        new = _each_weight(weights, new_weight)
        self._after(new, update.weights_after, *sample, single=True)
        return new

    def _after(self, weights, weights_after, x, y, xv, yv, single: bool) -> str:
        """Helper rows through the new weights (cells ``x``, ``y`` hold ``xv``, ``yv``), then ŷ_new
        and L_new (single) or the cell of L with the new weights."""
        net = Network(self.layers, self.acts, weights_after)
        with np.errstate(all="ignore"):
            fwd = net.forward(np.atleast_2d(xv))
        values = ([a[0] for a in fwd.a], [z[0] for z in fwd.z])
        a, z = self._forward(weights, x, quantity=False, values=values)
        if single:
            for zc in z[-1]:
                self._quantity(zc)
            return self._quantity(self._loss_formula(a, z, y), "L_new")
        with np.errstate(all="ignore"):
            loss = net.sample_losses(fwd, np.atleast_2d(yv), self.t.loss)[0]
        return self.b.add("helper", "L (new weights)", loss, "=" + self._loss_formula(a, z, y), "through the new weights")

    def _batch_sums(self, grads, sums):
        def running_sum(l, j, i, g):
            g = self._quantity(g)
            return self._quantity(g if sums is None else f"{sums[l][j][i]}+{g}")

        return _each_weight(grads, running_sum)

    def _batch_update(self, weights, sums, k, update, losses):
        new = _each_weight(weights, lambda l, j, i, w: self._quantity(self._step(w, f"{sums[l][j][i]}/{k}", i),
                                                                      self.names[l][j][i]))
        after = [self._after(new, update.weights_after, *sample[1:], single=False) for sample in losses]
        self._quantity(f"AVERAGE({','.join(sample[0] for sample in losses)})", "J")
        self._quantity(f"AVERAGE({','.join(after)})", "J_new")
        return new
