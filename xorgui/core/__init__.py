"""The numpy core of xorgui: maths, data, session files, diagnostics. Never imports Qt."""

from .activations import ACTIVATIONS, get_activation
from .data import Dataset
from .init import Initialization
from .losses import LOSSES, get_loss
from .regularizers import REGULARIZERS, get_regularizer
from .network import Network
from .trace import SampleTrace, trace_sample
from .training import TrainingConfig, Trainer

__all__ = [
    "ACTIVATIONS", "LOSSES", "REGULARIZERS", "Dataset", "Initialization", "Network", "SampleTrace",
    "TrainingConfig", "Trainer", "get_activation", "get_loss", "get_regularizer", "trace_sample",
]
