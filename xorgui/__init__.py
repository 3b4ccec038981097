"""xorgui: back-propagation made visible and exact."""

__version__ = "0.1.0"
