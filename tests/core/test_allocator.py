"""xorgui sets glibc's allocation thresholds when it is imported (xorgui/allocator.py): an epoch of
16-16-16 on 10,000 samples took 10-12 ms with its arrays mapped anew each time, 4 ms from the heap."""

import subprocess
import sys

import pytest

from xorgui.allocator import keep_arrays_in_heap


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt: Linux only")
def test_the_thresholds_are_accepted_on_linux():
    assert keep_arrays_in_heap() is True


def test_elsewhere_nothing_is_attempted(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    assert keep_arrays_in_heap() is False


def test_importing_xorgui_does_not_import_ctypes_util():
    # find_library runs ldconfig in a subprocess: tens of milliseconds before the first paint
    code = "import sys, xorgui; print('ctypes.util' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


@pytest.mark.parametrize("variable", ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES"])
def test_a_threshold_the_user_set_wins(monkeypatch, variable):
    monkeypatch.setenv(variable, "131072")
    assert keep_arrays_in_heap() is False
