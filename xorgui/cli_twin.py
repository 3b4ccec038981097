"""``xorgui twin FILE --set learning_rate=0.5 [--in left|right] [--epochs N]``: the session and a
twin from the same weights with one setting changed in either, trained together (core/twin.py);
prints the first number where their arithmetic differs and both losses. The divergence rule of the
main window watches both (core/twin_watch.py): when either twin diverges, both stop at that epoch
and the report opens with the twin window's sentence ("The right twin diverged at epoch 3 (loss
1.946e114): both twins stopped there."). Exit status: 0 done (also when a twin diverged), 2 a bad
argument, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from .core.naming import epoch_number
from .core.twin_change import SETTINGS

DEFAULT_EPOCHS = 100
MAX_EPOCHS = 1_000_000


def add_parser(sub) -> None:
    p = sub.add_parser("twin", help="train the session and a twin with one setting changed from the same "
                                    "weights; print where their arithmetic first differs")
    p.add_argument("file", type=Path, help="the session file (the left twin; not changed)")
    p.add_argument("--set", required=True, metavar="KEY=VALUE",
                   help=f"the change: one of {', '.join(SETTINGS)} (batch_size=full for full "
                        "batch, activations=tanh,sigmoid one per weight layer), or a weight by its diagram "
                        "name, e.g. W21=0.5")
    p.add_argument("--in", dest="side", choices=("left", "right"), default="right",
                   help="which twin takes the change: right (default; the left is the file as saved) or left "
                        "(the right is then the file as saved)")
    p.add_argument("--epochs", type=int, default=DEFAULT_EPOCHS,
                   help=f"epochs both twins train (1 to {epoch_number(MAX_EPOCHS)}; default {epoch_number(DEFAULT_EPOCHS)})")
    p.add_argument("--format", choices=("text", "json"), default="text", help="plain text (default) or JSON")


def _finite(x: float):
    return x if math.isfinite(x) else None


def _divergence(found) -> dict | None:
    """Where the rule fired, per twin (None: that twin did not), and the sentence reported."""
    if found is None:
        return None
    side = {name: None if d is None else {"epoch": d.epoch, "loss": _finite(d.loss), "best": _finite(d.best)}
            for name, d in (("left", found.left), ("right", found.right))}
    return {"epoch": found.epoch, **side, "line": found.stopped()}


def run(args: argparse.Namespace, load, user_error) -> int:
    from .core.twin import TwinRun
    from .core.twin_change import twin_with
    from .core.twin_watch import WatchedTwinTraining
    if not 1 <= args.epochs <= MAX_EPOCHS:
        raise user_error(f"--epochs must be from 1 to {epoch_number(MAX_EPOCHS)}")
    key, sep, value = args.set.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise user_error(f"--set needs KEY=VALUE, e.g. learning_rate=0.5 (got {args.set!r})")
    saved = load(args.file)
    try:
        changed = twin_with(saved, key.strip(), value)
        twin = TwinRun(changed, saved, changed="left") if args.side == "left" else TwinRun(saved, changed)
    except ValueError as exc:
        raise user_error(f"--set {args.set}: {exc}") from None
    training = WatchedTwinTraining(twin, args.epochs)
    training.advance(math.inf)  # stops both twins at the epoch either diverges, as the window does
    diverged = training.divergence
    if args.format == "json":
        d = twin.difference
        doc = {"change": {key.strip(): value.strip()}, "changed_twin": args.side, "epochs": args.epochs,
               "epochs_trained": training.done, "diverged": _divergence(diverged),
               "difference": None if d is None else {k: (_finite(v) if isinstance(v, float) else v)
                                                     for k, v in d.to_dict().items()},
               "identical": twin.identical, "samples_stepped": twin.stepped,
               "loss": {"left": _finite(twin.left.current_loss()), "right": _finite(twin.right.current_loss())}}
        print(json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False))
    else:
        change = f"{key.strip()}={value.strip()}"
        print(f"left: {args.file} with {change}; right: {args.file} as saved" if args.side == "left"
              else f"left: {args.file} as saved; right: the same with {change}")
        if diverged is not None:
            print(diverged.stopped())
        print(twin.summary(diverged.sides if diverged else (False, False)))
    return 0
