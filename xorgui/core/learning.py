"""The learning content behind the walkthrough (Help ▸ Back-propagation explained).

Each :class:`Section` is structured text whose numbers come from the engine: equations are
the walkthrough's own (:func:`build_phases` on a trace), tables and matrices hold floats, and
``values`` names every number a sentence quotes, so tests recompute them instead of parsing
text. Sections use the current session where that makes sense (the chain rule, the matrix
form, the batch's J) and the article's example where the point is the article's numbers (the
full-batch epoch beside the online step, the worked second step).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import naming
from .activations import get_activation
from .losses import get_loss
from .numbers import DEFAULT_PRECISION, fmt
from .presets import make_preset
from .walkthrough import Equation, Phase, build_phases, loss_label
from .walkthrough_render import step_phases

__all__ = ["Block", "Matrix", "Section", "sections"]


@dataclass(frozen=True)
class Matrix:
    """A labelled matrix: ``values[r][c]`` for row ``rows[r]`` and column ``cols[c]``."""

    name: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    values: np.ndarray


@dataclass(frozen=True)
class Block:
    """One piece of a section: a paragraph, equations, a table (first row the header) or matrices."""

    kind: str  # "text", "equations", "table" or "matrices"
    text: str = ""
    equations: tuple[Equation, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    matrices: tuple[Matrix, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...]
    values: dict[str, float] = field(default_factory=dict)  # every number the text quotes, by name


def _text(s: str) -> Block:
    return Block("text", text=s)


def _eqs(eqs) -> Block:
    return Block("equations", equations=tuple(eqs))


def _find(phases: list[Phase], target: str) -> Equation:
    return next(eq for ph in phases for eq in ph.equations if eq.target == target)


def sections(trainer, precision: int = DEFAULT_PRECISION) -> list[Section]:
    """All sections, for ``trainer``'s session (not changed) at ``precision`` decimals."""
    return [chain_rule(trainer, precision), batch(trainer, precision), second_step(precision),
            matrix_form(trainer, precision), glossary(trainer, precision)]


# -- the chain rule -------------------------------------------------------------------------------
def chain_rule(trainer, p: int = DEFAULT_PRECISION) -> Section:
    """δ at the output and at a hidden unit, ∂L/∂W = z_source·δ_target, and the bias, with the
    numbers of the current session's next sample."""
    sample = trainer.next_sample
    tr = trainer.trace(sample)
    phases = build_phases(tr, p)
    layers = tr.layers
    out = naming.target_name(layers, len(layers) - 1, 0)
    has_hidden = len(layers) > 2
    tl = len(layers) - 2 if has_hidden else 1  # the example unit's layer: the last hidden one, else the output
    hidden = naming.target_name(layers, tl, 0)
    src = naming.unit_names(layers, tl - 1)  # the layer feeding it (bias first)
    link = naming.weight_name(layers, tl, 0, 1) if has_hidden else ""  # hidden → next layer
    w_in = naming.weight_name(layers, tl - 1, 0, 1)  # first non-bias weight into `hidden`
    w_bias = naming.weight_name(layers, tl - 1, 0, 0)
    d_out, d_hid = _find(phases, f"δ_{out}"), _find(phases, f"δ_{hidden}")
    g_in, g_bias = _find(phases, f"∂L/∂{w_in}"), _find(phases, f"∂L/∂{w_bias}")
    out_act = get_activation(tr.activations[-1])
    ce = tr.loss_name == "cross_entropy"
    many = len(tr.output) > 1
    blocks = [
        _text(f"The loss L of one sample depends on a weight only through a chain of quantities, and the "
              f"chain rule multiplies their slopes. Every number below is the walkthrough's for sample {sample} "
              f"of this session ({loss_label(tr.loss_name)} loss); the walkthrough shows the same lines."),
        _text(f"At the output. δ_{out} = ∂L/∂a_{out}, how the loss changes with the output's weighted sum. "
              f"L depends on a_{out} only through ŷ = z_{out} = f(a_{out}), so δ_{out} = ∂L/∂ŷ · ∂ŷ/∂a_{out} = "
              + (f"∂L/∂ŷ·f'(a_{out}). For cross-entropy with a sigmoid output ∂L/∂ŷ = (ŷ − y)/(ŷ·(1 − ŷ)) and "
                 "f'(a) = ŷ·(1 − ŷ), so the product is ŷ − y."
                 if ce else f"(ŷ − y)·f'(a_{out}): ∂L/∂ŷ = ŷ − y because L = "
                            + ("½·Σ(ŷ − y)², summed over the output units" if many else "½·(ŷ − y)²")
                            + f" (the ½ cancels the 2), and here {out_act.derivative_formula}.")
              + (" With several outputs each has its own ŷ, y and δ." if many else "")),
        _eqs([d_out]),
    ]
    if has_hidden:
        fed = naming.target_name(layers, tl + 1, 0)
        blocks += [
            _text(f"At a hidden unit. a_{hidden} changes L only through z_{hidden} = f(a_{hidden}), and z_{hidden} "
                  f"enters the weighted sum of every unit it feeds, e.g. a_{fed} contains {link}·z_{hidden}. So "
                  f"δ_{hidden} = Σ over the units k it feeds of δ_k·(weight of its link to k), times "
                  f"f'(a_{hidden}); the walkthrough writes the sum out:"),
            _eqs([d_hid])]
    blocks += [
        _text(f"A weight. a_{hidden} = {' + '.join(f'{naming.weight_name(layers, tl - 1, 0, i)}·z_{s}' for i, s in enumerate(src))}, "
              f"so ∂a_{hidden}/∂{w_in} = z_{src[1]} and ∂L/∂{w_in} = δ_{hidden}·z_{src[1]}: the source's output "
              "times the target's delta. It is 0 when the source's z is 0 (nothing flowed through the link) or "
              "the target's δ is 0."),
        _eqs([g_in]),
        _text(f"A bias. The bias unit {src[0]} always outputs z_{src[0]} = 1, so its weight {w_bias} is just a "
              f"number added to a_{hidden}: ∂L/∂{w_bias} = δ_{hidden}·1 = δ_{hidden}. Treating the bias as a "
              "constant input of 1 lets one rule, ∂L/∂W = z_source·δ_target, cover every weight, and the diagram "
              "draw it as an ordinary link."),
        _eqs([g_bias]),
    ]
    values = {"sample": sample, "delta_out": d_out.value, "delta_hidden": d_hid.value,
              "grad_in": g_in.value, "grad_bias": g_bias.value}
    return Section("chain-rule", "The chain rule: δ and ∂L/∂W", tuple(blocks), values)


# -- from one sample to the batch -------------------------------------------------------------------
def batch(trainer, p: int = DEFAULT_PRECISION) -> Section:
    """J as the mean of the samples' losses, and the article's full-batch epoch beside its online step."""
    online, full = make_preset("article"), make_preset("seed")
    online.step_sample()  # the online step on (0, 0)
    losses = full.sample_losses()
    full.run_epochs(1)  # the full-batch epoch: one update by the mean gradient
    names = naming.weight_names(full.network.layers)
    shown = [(0, 0, 0, "bias weight into a hidden unit"), (0, 0, 1, "from an input"),
             (1, 0, 0, "bias weight into the output"), (1, 0, 1, "from a hidden unit")]
    rows = [("Weight", "Which", "After the online step on (0, 0)", "After the full-batch epoch")]
    values = {}
    for l, r, c, what in shown:
        a, b = float(online.network.weights[l][r, c]), float(full.network.weights[l][r, c])
        rows.append((names[l][r][c], what, fmt(a, p), fmt(b, p)))
        values[f"online_{names[l][r][c]}"], values[f"batch_{names[l][r][c]}"] = a, b
    n = len(losses)
    J = float(np.mean(losses))
    values.update({f"L{i}": float(v) for i, v in enumerate(losses)})
    values.update(J=J, n=n, current_J=trainer.current_loss())
    penalty = {"l1": "L1", "l2": "L2"}.get(trainer.config.regularization)
    this = f"its {loss_label(trainer.config.loss)} loss" + (f", without the {penalty} penalty" if penalty else "")
    blocks = (
        _text(f"{_sample_loss(trainer)} Training data has n samples, and what gradient descent lowers is the mean "
              "of their losses, J = (1/n)·Σ L, Σ over the n "
              "samples (with L1 or L2 regularization, J plus the penalty). Its gradient is the mean of "
              "the samples' gradients, ∂J/∂W = (1/n)·Σ ∂L/∂W: in full batch the walkthrough adds them up (Σ∂L/∂W) "
              "and divides by n in the update; a mini-batch does the same over its k samples."),
        _text("Why the mean and not the sum: with the mean, J and its gradient stay on the scale of one "
              "sample however many samples there are, so one learning rate α gives steps of a similar size for "
              "a batch of 1, 4 or 4,000 samples; with the sum, the step would grow with the batch."),
        _text(f"The article's network and data at the start (all weights 1), with the squared error: "
              f"L = {', '.join(fmt(v, p) for v in losses)} for "
              f"its {n} samples, so J = ({' + '.join(fmt(v, p) for v in losses)}) / {n} = {fmt(J, p)}. "
              f"In this session ({this}) J is {fmt(values['current_J'], p)} now."),
        _text("Online (one update per sample) and full batch (one update per epoch, by the mean gradient of "
              "all samples) start from the same weights and take different steps. The article's online step on "
              "(0, 0) against the full-batch epoch of the same network, by the engine:"),
        Block("table", table=tuple(rows)),
        _text(f"Online, only sample (0, 0) speaks: the weights from its zero inputs keep their value "
              f"({fmt(values['online_W11'], p)}). In full batch the samples with inputs 1 move them too, and "
              f"(1, 1), with the largest loss (L = {fmt(losses[3], p)}), contributes most to the mean gradient."),
    )
    return Section("batch", "From one sample to the batch", blocks, values)


def _sample_loss(trainer) -> str:
    """One sample's loss L in this session, and the squared error the article's example is computed with
    (a cross-entropy session was told J = (1/n)·Σ ½(ŷ − y)²)."""
    loss, many = get_loss(trainer.config.loss), trainer.network.layers[-1] > 1
    formula = loss.formula_for(trainer.network.layers[-1])
    summed = ", summed over the output units" if many else ""
    if loss.name == "squared":
        return (f"One sample's loss is {formula}{summed}, the squared error, which xorgui uses for the "
                "article's example (the logistic-regression cost the article names is undefined at its outputs, "
                "such as ŷ = 4).")
    return (f"In this session one sample's loss is the {loss.title}, {formula}{summed}: the logistic-regression "
            "cost the article names, defined here because the sigmoid output keeps ŷ strictly between 0 and 1. For "
            "the article's example xorgui uses the squared error, L = ½·(ŷ − y)², as that cost is undefined at the "
            "article's outputs, such as ŷ = 4.")


# -- a second step ------------------------------------------------------------------------------------
def second_step(p: int = DEFAULT_PRECISION) -> Section:
    """Sample 1 of the article's example after the online update on sample 0."""
    t = make_preset("article")
    t.step_sample()
    sample, tr, _, phases = step_phases(t, p)
    lines = [eq for ph in phases for eq in ph.equations]
    before = tr.weights_before
    values = {"sample": sample, "a_Z1": float(tr.a[0][0]), "y_hat": float(tr.output[0]),
              "W10_before": float(before[0][0, 0]), "W11_before": float(before[0][0, 1]),
              "V01_before": float(before[1][0, 1]),
              "delta_out": float(tr.deltas[1][0]), "delta_Z1": float(tr.deltas[0][0]),
              "W10": float(tr.weights_after[0][0, 0]), "W11": float(tr.weights_after[0][0, 1]),
              "W12": float(tr.weights_after[0][0, 2]), "V00": float(tr.weights_after[1][0, 0]),
              "V01": float(tr.weights_after[1][0, 1])}
    blocks = (
        _text(f"The article stops after one sample. Here is the next one, sample {sample} = (0, 1) with target 1, "
              f"with the weights the first step left: {fmt(values['W10_before'], p)} on the bias weights and the "
              f"weights from the hidden units (W10 = V01 = {fmt(values['V01_before'], p)}), "
              f"{fmt(values['W11_before'], p)} on the weights from the inputs. "
              f"Now z_X2 = 1, so the weights from X2 get a gradient too; z_X1 is still 0."),
        _eqs(lines),
        _text(f"The prediction was {fmt(values['y_hat'], p)} for a target of 1, so δ_D0 = {fmt(values['delta_out'], p)} "
              f"is positive and every weight with a positive source goes down. W12, W22 and W32 (from X2) move for "
              f"the first time; the three hidden units still move together, because they started equal and "
              f"see the same deltas."),
    )
    return Section("second-step", "A second step: sample 1", blocks, values)


# -- the matrix form ----------------------------------------------------------------------------------
def matrix_form(trainer, p: int = DEFAULT_PRECISION) -> Section:
    """a = W·[1; x], δ_hidden = (Vᵀδ) ⊙ f'(a), ∇W = δ·[1; x]ᵀ for the session's next sample."""
    sample = trainer.next_sample
    tr = trainer.trace(sample)
    layers = tr.layers
    wn = naming.weight_names(layers)
    blocks = [_text(
        f"The walkthrough's lines, a layer at a time. Each row of a weight matrix holds the weights into one "
        f"unit (the first number of their names), each column the weights from one source (the second "
        f"number; the first column is the bias unit's): {wn[0][-1][1]} is in row "
        f"{naming.target_name(layers, 1, layers[1] - 1)}, column {naming.unit_names(layers, 0)[1]}. "
        f"Sources get a leading 1 for the bias unit. Numbers are for sample {sample} of this session.")]
    values = {"sample": sample}
    last = len(layers) - 2
    for l in range(len(layers) - 1):
        W = naming.weight_prefix(layers, l).rstrip("_")
        src_names = tuple(naming.unit_names(layers, l))
        tgt_names = tuple(naming.target_name(layers, l + 1, j) for j in range(layers[l + 1]))
        s = "x" if l == 0 else f"z_{l}"
        what = "the inputs" if l == 0 else f"the outputs of layer {l} ({', '.join(src_names[1:])})"
        blocks.append(_text(
            f"Layer {l + 1}: a = {W}·[1; {s}], z = f(a)" + (", ŷ = z" if l == last else "")
            + f", where [1; {s}] is the bias 1 above {what}. {W} is {len(tgt_names)}×{len(src_names)}: rows "
            f"{', '.join(tgt_names)}; columns {', '.join(src_names)}."))
        blocks.append(Block("matrices", matrices=(
            Matrix(W, tgt_names, src_names, np.array(tr.weights_before[l])),
            Matrix(f"[1; {s}]", src_names, ("",), np.array(tr.sources[l]).reshape(-1, 1)),
            Matrix("a", tgt_names, ("",), np.array(tr.a[l]).reshape(-1, 1)),
            Matrix("z", tgt_names, ("",), np.array(tr.z[l]).reshape(-1, 1)))))
    for l in range(last, -1, -1):
        W = naming.weight_prefix(layers, l).rstrip("_")
        tgt_names = tuple(naming.target_name(layers, l + 1, j) for j in range(layers[l + 1]))
        src_names = tuple(naming.unit_names(layers, l))
        s = "x" if l == 0 else f"z_{l}"
        if l == last:
            rule = ("δ = ŷ − y (cross-entropy with a sigmoid output)" if tr.loss_name == "cross_entropy"
                    else "δ = (ŷ − y) ⊙ f'(a)")
        else:
            nxt = naming.weight_prefix(layers, l + 1).rstrip("_")
            rule = (f"δ = ({nxt}ᵀ·δ_next) ⊙ f'(a), with {nxt} without its bias column (no δ for a bias unit); "
                    "⊙ multiplies element by element")
        blocks.append(_text(f"Backwards, layer {l + 1}: {rule}. Then ∇{W} = δ·[1; {s}]ᵀ, the outer product: the "
                            f"entry in the row of unit j and the column of source i is δ_j·z_i = ∂L/∂{W}ji, the "
                            "walkthrough's gradient lines."))
        blocks.append(Block("matrices", matrices=(
            Matrix("δ", tgt_names, ("",), np.array(tr.deltas[l]).reshape(-1, 1)),
            Matrix(f"∇{W}", tgt_names, src_names, np.array(tr.gradients[l])))))
    return Section("matrix", "The matrix form", tuple(blocks), values)


# -- notation card ------------------------------------------------------------------------------------
GLOSSARY = (
    ("a_U", "the weighted sum of unit U: Σ over its sources of weight × source output, bias included"),
    ("z_U", "the output of unit U, z = f(a); z_X1, z_X2 are the inputs, z_X0 = z_Z0 = 1 the bias units "
            "(Z1_0, Z2_0, … with several hidden layers)"),
    ("f, f'(a)", "a unit's activation function and its slope at a, the factor every δ passes through"),
    ("ŷ, y", "the prediction ŷ = z_D0 and the target y of a sample (ŷ and y for each of D0, D1, … with "
             "several outputs, L summed over them)"),
    ("L", "the loss of one sample: ½·(ŷ − y)² (squared error) or −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] (cross-entropy)"),
    ("J", "the mean of L over the samples, J = (1/n)·Σ L: what training lowers (with the penalty, when "
          "regularized) and the loss plot shows"),
    ("error", "y − ŷ, what the article calls the loss: a signed difference, not what is minimized"),
    ("δ_U", "∂L/∂a_U: how the loss changes with unit U's weighted sum; bias units have none"),
    ("∂L/∂W", "the gradient of one weight: z_source·δ_target"),
    ("α", "the learning rate: an update is W := W − α·∂L/∂W (or the batch's mean gradient)"),
    ("R'(W)", "with regularization, the gradient of the penalty added to ∂L/∂W: λ·W (L2) or λ·sign(W) (L1); "
              "bias weights are not regularized"),
    ("W21", "a weight's name: its layer (W into the hidden layer, V into the output; with several hidden "
            "layers W1_, W2_, … for every layer of weights, the output's too), then the target's number, then the source's number: W21 goes from X1 into Z2, V03 "
            "from Z3 into D0, W10 is Z1's bias weight"),
    ("epoch", "one pass over all the samples"),
    ("batch", "the samples whose gradients are averaged into one update"),
    ("online", "one update after every sample (4 updates per epoch for XOR)"),
    ("full batch", "one update per epoch, by the mean gradient of all the samples"),
    ("mini-batch", "an update after every k samples, by their mean gradient"),
)


def glossary(trainer, p: int = DEFAULT_PRECISION) -> Section:
    """The notation card, and why squared loss with a sigmoid output saturates (engine numbers)."""
    sig = get_activation("sigmoid")
    a = np.array([[4.6]])
    z = sig.function(a)
    y = np.zeros((1, 1))
    d_sq = float(get_loss("squared").output_delta(a, z, y, sig)[0, 0])
    d_ce = float(get_loss("cross_entropy").output_delta(a, z, y, sig)[0, 0])
    slope = float(sig.derivative(a, z)[0, 0])
    values = {"a": 4.6, "y_hat": float(z[0, 0]), "slope": slope, "delta_squared": d_sq, "delta_cross_entropy": d_ce}
    mode = trainer.config.batch_mode(len(trainer.data))
    # 'online', 'in full batch', 'in mini-batches of 2'
    trains = mode if mode == "online" else "in " + mode.replace("mini-batch of", "mini-batches of")
    blocks = (
        Block("table", table=(("Symbol", "Meaning"),) + GLOSSARY),
        _text(f"This session trains {trains}."),
        _text(f"Why squared loss with a sigmoid output saturates. With L = ½·(ŷ − y)² the output's δ is "
              f"(ŷ − y)·f'(a), and the sigmoid's slope f'(a) = ŷ·(1 − ŷ) is nearly 0 when ŷ is near 0 or 1. "
              f"A confidently wrong output, a = {fmt(4.6, p)} so ŷ = {fmt(values['y_hat'], p)} for y = 0, has "
              f"slope {fmt(slope, p)} and δ = {fmt(d_sq, p)}: almost no gradient, exactly where a large one is "
              f"needed, so learning stalls. Cross-entropy's δ = ŷ − y = {fmt(d_ce, p)} has no such factor."),
    )
    return Section("glossary", "Notation card", blocks, values)
