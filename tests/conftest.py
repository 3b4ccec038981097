"""Shared test set-up: offscreen Qt for unit tests, a real X server for end-to-end tests."""

import gc
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# A bug in a command run by a test shows its traceback (cli.SHOW_TRACEBACKS), not a file's name:
# tests/core/test_bug_report.py clears it to test what users get.
os.environ["XORGUI_TRACEBACK"] = "1"

# GUI code must never need a display in the unit tests, whatever the shell has: the smoke and
# packaging tests give the programs they launch their own platform (xcb or offscreen).
os.environ["QT_QPA_PLATFORM"] = "offscreen"

# Programs the tests launch (`python -m xorgui …`) import the xorgui these tests are testing:
# this checkout's, not whichever one an installed package points to. Under mutmut the tests run
# in its mutants/ copy, whose instrumented code runs only inside mutmut: children get the original.
_ROOT = Path(__file__).resolve().parents[1]
_CHECKOUT = str(_ROOT.parent if "MUTANT_UNDER_TEST" in os.environ else _ROOT)
os.environ["PYTHONPATH"] = os.pathsep.join([_CHECKOUT, *filter(None, [os.environ.get("PYTHONPATH")])])
# ... and compile it once per run, not once per launch (a shell with PYTHONDONTWRITEBYTECODE
# made every launched program compile every module it imports): into a folder of the run's own,
# never into the checkout
if "PYTHONPYCACHEPREFIX" not in os.environ:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), f"xorgui-tests-pycache-{getattr(os, 'getuid', lambda: '')()}")
# The test processes too: with PYTHONDONTWRITEBYTECODE every xdist worker re-rewrote the asserts of
# every test module and compiled every xorgui module, about 6 s of CPU per worker per run. Nothing
# here is imported yet but this conftest, so from now on both caches land in that folder.
if sys.dont_write_bytecode:
    sys.dont_write_bytecode = False
    sys.pycache_prefix = sys.pycache_prefix or os.environ["PYTHONPYCACHEPREFIX"]


@pytest.fixture(scope="session")
def xvfb_display():
    """Start Xvfb on a free display number; yield the DISPLAY string."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed: run `bash .ci/run`, which installs it")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        number = f.readline().strip()
    if not number:
        proc.kill()
        pytest.fail(f"Xvfb did not start: {proc.stderr.read().decode(errors='replace')}")
    yield f":{number}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def run_python():
    """Run a Python file as ``python FILE`` does on a console that cannot print δ (ASCII), but in
    this process, without starting an interpreter and numpy: what it printed. For the exported
    scripts, which import only sys and numpy (tests/core/test_export_script.py checks that); one
    runs in an interpreter of its own too (``-m process``, tests/core/test_cli_export.py)."""
    import contextlib
    import io
    import runpy

    import numpy as np

    def run(path) -> str:
        out = io.TextIOWrapper(io.BytesIO(), encoding="ascii", newline="\n")
        with contextlib.redirect_stdout(out), np.errstate():  # the script's np.seterr ends with it
            runpy.run_path(str(path), run_name="__main__")
        out.flush()
        return out.buffer.getvalue().decode("utf-8")

    return run


@pytest.fixture(scope="session", autouse=True)
def _private_data_folder(tmp_path_factory):
    """The app (and every program the tests launch) keeps its recovery files in a temporary folder:
    never the user's, and never a leftover from another run that would open a recovery box."""
    os.environ["XORGUI_DATA_DIR"] = str(tmp_path_factory.mktemp("xorgui-data"))


# The longest tests start first: under `--dist worksteal` the first worker takes them at once and
# the other steals the short ones from the end of its queue, so no long test starts last and
# stretches the run. (The packaging build needs no place here: it runs in a process of its own from
# the start, tests/packaging/conftest.py.)
LONGEST = ("tests/gui/test_random_actions.py::test_random_actions_long",
           "tests/core/test_export_sheet.py::test_formulas_compute_the_walkthrough_also_after_a_weight_is_changed")


def pytest_collection_modifyitems(items):
    def rank(item):  # LONGEST's order, then the rest in theirs (the sort is stable)
        return next((i for i, name in enumerate(LONGEST) if item.nodeid.startswith(name)), len(LONGEST))

    items.sort(key=rank)


def pytest_collection_finish(session):
    """What is imported and collected by now lives to the end of the run: the garbage collector
    need not look at it again in each of its full passes (the window tests make many objects; the
    two workers spent 12.5-13.8 s of CPU in those passes, 9.7-10.3 s with this)."""
    gc.collect()
    gc.freeze()


_FREEZE_EVERY = 100  # tests
_tests_since_freeze = 0


@pytest.hookimpl(trylast=True)  # after the test's fixtures are torn down, inside pytest-qt's capture
def pytest_runtest_teardown():
    """Now and then, between tests, what survives a collection is set aside the same way: modules
    that tests import late (openpyxl, formulas) and the run's reports would otherwise be walked again
    by every full pass."""
    global _tests_since_freeze
    _tests_since_freeze += 1
    if _tests_since_freeze >= _FREEZE_EVERY:
        _tests_since_freeze = 0
        gc.collect()
        gc.freeze()
