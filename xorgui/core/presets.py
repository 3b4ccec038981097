"""Ready-made sessions: the seed article's setup and variations that teach something."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .data import Dataset
from .datasets import DataSource
from .init import Initialization
from .network import Network
from .training import Trainer, TrainingConfig


@dataclass(frozen=True)
class Preset:
    name: str
    title: str  # as the Examples menu shows it
    description: str
    make: Callable[[], Trainer]


def _trainer(name: str, activations: list[str], init: Initialization, layers=(2, 3, 1), **config) -> Trainer:
    layers = list(layers)
    return Trainer(Network(layers, activations, init.make(layers)), Dataset.xor(),
                   TrainingConfig(**config), init, name=name, source=DataSource("xor"))


PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("article", "The article's worked example (online, the default)",
           "The article's worked example: 2-3-1, identity units, all weights 1, α = 0.1, one "
           "update per sample (online), so its first update is the article's step on sample (0, 0)",
           lambda: _trainer("article", ["identity", "identity"], Initialization("constant", 1.0), batch_size=1)),
    Preset("seed", "The article's setup in full batch",
           "The article's network (2-3-1, identity units, all weights 1, α = 0.1) with one update "
           "per epoch by the mean gradient of all four samples (linear and symmetric: it cannot learn XOR)",
           lambda: _trainer("seed", ["identity", "identity"], Initialization("constant", 1.0))),
    Preset("sigmoid", "Sigmoid network that learns XOR",
           "2-3-1 sigmoid network from random weights (seed 1), α = 2: learns XOR",
           lambda: _trainer("sigmoid", ["sigmoid", "sigmoid"], Initialization("uniform", seed=1),
                            learning_rate=2.0)),
    Preset("symmetric", "Symmetric sigmoid network (never learns XOR)",
           "2-3-1 sigmoid network with all weights 1: the hidden units stay identical forever",
           lambda: _trainer("symmetric", ["sigmoid", "sigmoid"], Initialization("constant", 1.0),
                            learning_rate=2.0)),
    Preset("tanh", "Tanh + cross-entropy",
           "2-3-1 tanh hidden units, sigmoid output, cross-entropy, Xavier initialization, α = 0.5",
           lambda: _trainer("tanh", ["tanh", "sigmoid"], Initialization("xavier", seed=3),
                            learning_rate=0.5, loss="cross_entropy")),
    Preset("deep", "Deeper network (2-4-4-1, leaky ReLU)",
           "2-4-4-1 leaky-ReLU network with a sigmoid output, He initialization, online updates",
           lambda: _trainer("deep", ["leaky_relu", "leaky_relu", "sigmoid"], Initialization("he", seed=3),
                            layers=(2, 4, 4, 1), learning_rate=0.1, batch_size=1)),
)}


def make_preset(name: str) -> Trainer:
    """A fresh trainer for the preset, or ValueError naming the choices."""
    try:
        return PRESETS[name].make()
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}") from None


# How long the errata's demonstrations train two of these examples (core/errata.py, and the Why?
# tab's demos): here rather than in errata.py so that the demos' table loads none of the errata.
LINEAR_EPOCHS = 3000  # "seed": identity units stay linear, whatever the training
SYMMETRY_EPOCHS = 5000  # "symmetric": its hidden units stay identical

DEFAULT_PRESET = "article"  # what a learner meets first: the article's online step on (0, 0)


def default_session() -> Trainer:
    """The default session: the article's worked example, one online update per sample."""
    return make_preset(DEFAULT_PRESET)
