"""The one setting a twin changes, from text: ``learning_rate=0.5``, ``batch_size=full``,
``activations=tanh,sigmoid``, ``W21=0.5`` … (the CLI's ``--set`` and the twin window's form)."""

from __future__ import annotations

from dataclasses import replace

from . import naming
from .activations import ACTIVATIONS
from .numbers import parse_number
from .training import MAX_LEARNING_RATE, Trainer
from .twin import make_twin

SETTINGS = ("learning_rate", "batch_size", "loss", "regularization", "regularization_rate",
            "shuffle", "shuffle_seed", "activations")


def keys(trainer: Trainer) -> list[str]:
    """Every key a twin of ``trainer`` can change: the settings, then each weight's diagram name."""
    names = naming.weight_names(trainer.network.layers)
    return [*SETTINGS, *(n for layer in names for row in layer for n in row)]


def current_value(trainer: Trainer, key: str) -> str:
    """The value ``key`` has in ``trainer``, as text the form can show and parse back."""
    if key == "activations":
        return ",".join(trainer.network.activation_names)
    if key == "batch_size":
        return "full" if trainer.config.batch_size is None else str(trainer.config.batch_size)
    if key in SETTINGS:
        value = getattr(trainer.config, key)
        return str(value).lower() if isinstance(value, bool) else repr(value) if isinstance(value, float) else str(value)
    l, r, c = _weight_position(trainer, key)
    return repr(float(trainer.network.weights[l][r, c]))


def _weight_position(trainer: Trainer, key: str) -> tuple[int, int, int]:
    for l, layer in enumerate(naming.weight_names(trainer.network.layers)):
        for r, row in enumerate(layer):
            if key in row:
                return l, r, row.index(key)
    raise ValueError(f"unknown setting {key!r}; choose one of {', '.join(SETTINGS)} or a weight "
                     f"name such as {naming.weight_name(trainer.network.layers, 0, 0, 1)}")


def _whole(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{what} must be a whole number, not {text!r}") from None


def twin_with(trainer: Trainer, key: str, text: str) -> Trainer:
    """A twin of ``trainer`` (identical weights and position) with ``key`` set to ``text``.
    Raises ValueError with a message for the user for an unknown key or a value it cannot take."""
    return make_twin(trainer, **parse_change(trainer, key, text))


def parse_change(trainer: Trainer, key: str, text: str) -> dict:
    """``key`` set to ``text`` as ``make_twin``/``apply_change`` arguments (``config``,
    ``activations`` or ``weight``). Raises ValueError with a message for the user for an unknown
    key or a value it cannot take (one the network or data refuses shows when it is applied)."""
    text = text.strip()
    config = trainer.config
    if key == "activations":
        names = [n.strip() for n in text.split(",")]
        count = len(trainer.network.weights)
        if len(names) != count:
            raise ValueError(f"activations needs {count} names (one per weight layer, the output's last), "
                             f"e.g. {','.join(trainer.network.activation_names)}")
        unknown = [n for n in names if n not in ACTIVATIONS]
        if unknown:
            raise ValueError(f"unknown activation {unknown[0]!r}; choose one of {', '.join(ACTIVATIONS)}")
        return {"activations": names}
    if key == "learning_rate":
        config = replace(config, learning_rate=parse_number(text, MAX_LEARNING_RATE))
    elif key == "batch_size":
        config = replace(config, batch_size=None if text.lower() == "full" else _whole(text, "batch_size"))
    elif key in ("loss", "regularization"):
        config = replace(config, **{key: text})
    elif key == "regularization_rate":
        config = replace(config, regularization_rate=parse_number(text))
    elif key == "shuffle":
        if text.lower() not in ("true", "false"):
            raise ValueError(f"shuffle must be true or false, not {text!r}")
        config = replace(config, shuffle=text.lower() == "true")
    elif key == "shuffle_seed":
        config = replace(config, shuffle_seed=_whole(text, "shuffle_seed"))
    else:
        l, r, c = _weight_position(trainer, key)
        return {"weight": (l, r, c, parse_number(text))}
    return {"config": config}
