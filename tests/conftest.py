import os

# GUI code must never need a display in the unit tests; the smoke test sets its own.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
