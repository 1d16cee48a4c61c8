"""WeasyPrint, loaded once per process and without the slow part of its start-up.

WeasyPrint opens each native library (Pango, HarfBuzz, fontconfig …) by trying several names; every name that is
not a file goes through ctypes' find_library, which on Linux runs ldconfig, then gcc and ld, for each miss — about
a quarter of a second per process. The names are looked up once in the dynamic linker's cache instead."""

from __future__ import annotations

import ctypes.util
import re
import shutil
import subprocess
import sys
from functools import cache


def _linker_cache() -> dict[str, str]:
    """{"gobject-2.0": "libgobject-2.0.so.0", …} for this machine's architecture, from `ldconfig -p`."""
    ldconfig = shutil.which("ldconfig", path="/sbin:/usr/sbin:/usr/bin:/bin")
    if ldconfig is None:
        return {}
    listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=False).stdout
    wide = sys.maxsize > 2**32
    found: dict[str, str] = {}
    for match in re.finditer(r"^\s*(lib(\S+?)\.so(?:\.[\d.]+)?)\s+\(([^)]*)\)", listing, re.M):
        soname, name, abi = match.groups()
        if ("64" in abi) == wide:  # libraries of this process's word size only
            found.setdefault(name, soname)
    return found


@cache
def weasyprint():
    """The weasyprint module, imported with find_library answered from the linker's cache (Linux only)."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint as module

        return module
    known = _linker_cache()
    original = ctypes.util.find_library
    if known:
        ctypes.util.find_library = known.get
    try:
        import weasyprint as module
    except OSError:  # a library outside the linker's cache (LD_LIBRARY_PATH …): the slow search finds it
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = original
        import weasyprint as module
    finally:
        ctypes.util.find_library = original
    return module


@cache
def font_config():
    """One font configuration for every document of the process: fontconfig is set up once."""
    from weasyprint.text.fonts import FontConfiguration

    weasyprint()
    return FontConfiguration()
