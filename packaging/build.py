#!/usr/bin/env python3
"""Build xorgui's bundle and installers, and print what they weigh and how fast they start.

Run it from a clean virtual environment that holds only xorgui's runtime dependencies and
PyInstaller (PyInstaller refuses to bundle two Qt bindings):

    python -m venv .venv-build && . .venv-build/bin/activate
    pip install '.[packaging]'
    python packaging/build.py

Steps (packaging/README.md says more):
 1. PyInstaller with packaging/xorgui.spec: a one-folder, windowed bundle in dist/xorgui
    (on macOS also dist/xorgui.app).
 2. Linux: strip the files that carry debug information (libpython, the standard library's
    extension modules). Never numpy's or OpenBLAS's: stripping those breaks them.
 3. Run the frozen app's --self-test offscreen; time it against the unfrozen app.
 4. Package. Linux: dist/xorgui-VERSION-linux-ARCH.tar.xz and dist/xorgui_VERSION_ARCH.deb.
    Windows: dist/xorgui-VERSION-windows-x64-setup.exe with Inno Setup (iscc), if installed.
    macOS: dist/xorgui-VERSION-macos-ARCH.dmg with hdiutil.
 5. Print size, file count, archive sizes and startup times against the targets.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "xorgui.spec"
VERSION = re.search(r'__version__ = "([^"]+)"', (ROOT / "xorgui" / "__init__.py").read_text()).group(1)
MAINTAINER = "xorgui developers <xorgui@users.noreply.github.com>"
MiB = 1024 * 1024
# Targets from the packaging issue.
MAX_BUNDLE_MIB, MAX_DOWNLOAD_MIB = 150, 40
MIN_JUDGED_RUNS = 3  # the startup comparison is flagged from this many timed launches per app: one is noise
# Never strip these, debug info or not: patched by auditwheel, they stop loading once stripped.
NEVER_STRIP = re.compile(r"openblas|gfortran|quadmath|numpy")
# Libraries a Debian system might lack on the build machine, and the package that ships them.
KNOWN_PACKAGES = {"libwayland-client.so.0": "libwayland-client0", "libwayland-cursor.so.0": "libwayland-cursor0",
                  "libwayland-egl.so.1": "libwayland-egl1"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle and installers go")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder")
    parser.add_argument("--runs", type=int, default=5, help="self-test launches timed per app (median)")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()

    check_environment()
    started = time.perf_counter()
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work), str(SPEC)])
    bundle = dist / "xorgui"
    icons = work / "xorgui" / "icons"  # written by the spec from resources/icons/xorgui.svg
    if sys.platform.startswith("linux"):
        count, saved = strip_debug_info(bundle)
        print(f"stripped debug info from {count} files, {saved / MiB:.1f} MiB")
        normalize_modes(bundle)

    executable = frozen_executable(dist)
    frozen = self_test_seconds([str(executable)], args.runs)
    unfrozen = self_test_seconds([sys.executable, "-m", "xorgui"], args.runs)

    size, files = tree_size(bundle)
    downloads = []
    if sys.platform.startswith("linux"):
        downloads = linux_packages(bundle, icons, dist, work)
    elif sys.platform == "win32":
        downloads = windows_installer(bundle, icons, dist)
    elif sys.platform == "darwin":
        downloads = macos_dmg(dist)

    print(f"\nxorgui {VERSION} on {platform.system()} {platform.machine()}, "
          f"built in {time.perf_counter() - started:.0f} s")
    print(f"bundle    {bundle}: {size / MiB:.1f} MiB in {files} files "
          f"(target <= {MAX_BUNDLE_MIB} MiB){flag(size <= MAX_BUNDLE_MIB * MiB)}")
    for path in downloads:
        print(f"download  {path}: {path.stat().st_size / MiB:.1f} MiB "
              f"(target <= {MAX_DOWNLOAD_MIB} MiB){flag(path.stat().st_size <= MAX_DOWNLOAD_MIB * MiB)}")
    verdict = (")" + flag(frozen <= unfrozen * 1.05) if args.runs >= MIN_JUDGED_RUNS
               else f"; not judged from under {MIN_JUDGED_RUNS} launches)")
    print(f"startup   --self-test wall time, median of {args.runs}, offscreen: frozen {frozen:.2f} s, "
          f"unfrozen {unfrozen:.2f} s (target: frozen no slower, 5% noise allowed{verdict}")
    return 0


def flag(ok: bool) -> str:
    return "" if ok else "  <-- MISSED"


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, check=True, **kwargs)


def check_environment() -> None:
    import importlib.util

    missing = [name for name in ("PyInstaller", "PySide6", "numpy", "pyqtgraph")
               if importlib.util.find_spec(name) is None]
    if missing:
        raise SystemExit(f"missing {', '.join(missing)}: run `pip install '.[packaging]'` in this venv first")
    others = [name for name in ("PyQt5", "PyQt6", "PySide2") if importlib.util.find_spec(name) is not None]
    if others:
        raise SystemExit(f"{', '.join(others)} installed beside PySide6: build in a clean venv (see --help)")
    if sys.platform.startswith("linux"):
        tools = ["strip", "readelf", "tar", "xz", "dpkg-deb", "dpkg"]
        absent = [tool for tool in tools if shutil.which(tool) is None]
        if absent:
            raise SystemExit(f"missing {', '.join(absent)}: apt-get install binutils xz-utils dpkg")


def frozen_executable(dist: Path) -> Path:
    if sys.platform == "win32":
        return dist / "xorgui" / "xorgui.exe"
    if sys.platform == "darwin":
        return dist / "xorgui.app" / "Contents" / "MacOS" / "xorgui"
    return dist / "xorgui" / "xorgui"


# --- size and stripping ---------------------------------------------------------------------------

def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, count) of the regular files under folder; symbolic links are not counted."""
    files = [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files), len(files)


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def strip_debug_info(bundle: Path) -> tuple[int, int]:
    """Strip the ELF files that carry .debug_info, except NEVER_STRIP. Returns (files, bytes saved)."""
    count = saved = 0
    for path in elf_files(bundle):
        if NEVER_STRIP.search(str(path.relative_to(bundle))):
            continue
        sections = subprocess.run(["readelf", "-SW", str(path)], capture_output=True, text=True).stdout
        if ".debug_info" not in sections:
            continue
        before = path.stat().st_size
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        count, saved = count + 1, saved + before - path.stat().st_size
    return count, saved


def normalize_modes(folder: Path) -> None:
    """Folders and executables 0755, other files 0644, whatever the umask was: users must read them."""
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o111 else 0o644)


# --- startup --------------------------------------------------------------------------------------

def self_test_seconds(command: list[str], runs: int) -> float:
    """Median wall time of `command --self-test` offscreen, after one untimed warm-up launch.

    The self-test opens the main window, runs one epoch, renders a screenshot and exits; a failure
    ends the build. Both apps pay the same fixed timers, so the difference is the start-up cost.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    times = []
    with tempfile.TemporaryDirectory() as scratch:
        shot = Path(scratch) / "self-test.png"
        for attempt in range(runs + 1):
            start = time.perf_counter()
            result = subprocess.run([*command, "--self-test", "--screenshot", str(shot)], env=env, cwd=ROOT,
                                    capture_output=True, text=True, timeout=120)
            elapsed = time.perf_counter() - start
            if result.returncode != 0 or not shot.is_file():
                raise SystemExit(f"self-test of {command[0]} failed ({result.returncode}):\n"
                                 f"{result.stdout}{result.stderr}")
            if attempt:
                times.append(elapsed)
            else:
                print(f"{' '.join(command)} --self-test: {result.stdout.strip() or 'exit 0'}")
    return statistics.median(times)


# --- Linux: .tar.xz and .deb ----------------------------------------------------------------------

def linux_packages(bundle: Path, icons: Path, dist: Path, work: Path) -> list[Path]:
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
    tarball = dist / f"xorgui-{VERSION}-linux-{platform.machine()}.tar.xz"
    deb = dist / f"xorgui_{VERSION}_{arch}.deb"
    stage = stage_deb(bundle, icons, arch, work)  # before tar starts: hard links change the files' ctime
    # xz is single-threaded and slow (~1 min for each): compress the archive while the .deb compresses
    with tarball.open("wb") as out:
        tar = subprocess.Popen(["tar", "-C", str(bundle.parent), "--owner=0", "--group=0", "--numeric-owner",
                                "-cf", "-", bundle.name], stdout=subprocess.PIPE)
        xz = subprocess.Popen(xz_command(), stdin=tar.stdout, stdout=out)
        tar.stdout.close()
        try:
            build_deb(stage, deb, work)
        except BaseException:
            tar.kill(), xz.kill()
            raise
        if xz.wait() or tar.wait():
            raise SystemExit("tar | xz failed")
    return [tarball, deb]


def xz_command() -> list[str]:
    """xz at preset 6. On x86 the branch filter first makes the bundle's call addresses absolute, so
    its machine code compresses better: 36.9 MiB against 39.2 MiB for xz -6 alone, in no more time."""
    branch = ["--x86"] if platform.machine() in ("x86_64", "i686") else []
    return ["xz", *branch, "--lzma2=preset=6", "-T1"]


def build_deb(stage: Path, deb: Path, work: Path) -> None:
    """dpkg-deb builds the package uncompressed, and its members are compressed with
    :func:`xz_command`: dpkg-deb's own xz has no branch filter (39.4 MiB, close to the limit).
    dpkg and apt read any .xz stream, filters and all."""
    members = work / "deb-members"
    shutil.rmtree(members, ignore_errors=True)
    members.mkdir()
    plain = members / "plain.deb"
    run(["dpkg-deb", "--root-owner-group", "-Znone", "--build", str(stage), str(plain)], stdout=subprocess.DEVNULL)
    files = unpack_ar(plain, members)
    for i, path in enumerate(files):
        if path.name in ("control.tar", "data.tar"):
            run([*xz_command(), "--", str(path)])  # path -> path.xz
            files[i] = path.with_name(path.name + ".xz")
    write_ar(deb, files)
    shutil.rmtree(members)


def unpack_ar(archive: Path, into: Path) -> list[Path]:
    """The members of an ar archive (a .deb), written into ``into``, in their order."""
    files = []
    with archive.open("rb") as source:
        if source.read(8) != b"!<arch>\n":
            raise SystemExit(f"{archive} is not an ar archive")
        while header := source.read(60):
            if len(header) < 60 or header[58:60] != b"`\n":
                raise SystemExit(f"{archive} has a damaged member header")
            name, size = header[:16].decode("ascii").strip().rstrip("/"), int(header[48:58])
            files.append(into / name)
            with files[-1].open("wb") as out:
                for left in range(size, 0, -(1 << 20)):
                    want = min(left, 1 << 20)
                    if out.write(source.read(want)) != want:
                        raise SystemExit(f"{archive} ends inside its member {name}")
            source.read(size % 2)  # members start at even offsets
    return files


def write_ar(archive: Path, files: list[Path]) -> None:
    """An ar archive of ``files`` as dpkg-deb writes one: names padded with spaces, owner root,
    mode 644, the build's time (or SOURCE_DATE_EPOCH's) as every member's."""
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    partial = archive.with_name(archive.name + ".part")  # a failed build leaves no half package
    with partial.open("wb") as out:
        out.write(b"!<arch>\n")
        for path in files:
            size = path.stat().st_size
            assert len(path.name) <= 16, path.name  # the header's name field
            out.write(f"{path.name:<16}{mtime:<12}{0:<6}{0:<6}{'100644':<8}{size:<10}`\n".encode("ascii"))
            with path.open("rb") as member:
                shutil.copyfileobj(member, out)
            out.write(b"\n" * (size % 2))
    os.replace(partial, archive)


def stage_deb(bundle: Path, icons: Path, arch: str, work: Path) -> Path:
    """The .deb's file tree: /opt/xorgui, a /usr/bin/xorgui launcher, the desktop entry, hicolor icons,
    and DEBIAN/control with the Depends: worked out from the bundle."""
    stage = work / "deb"
    shutil.rmtree(stage, ignore_errors=True)
    copy_tree(bundle, stage / "opt" / "xorgui")
    launcher = stage / "usr" / "bin" / "xorgui"
    launcher.parent.mkdir(parents=True)
    launcher.write_text('#!/bin/sh\n# xorgui lives in /opt/xorgui (a PyInstaller bundle).\n'
                        'exec /opt/xorgui/xorgui "$@"\n')
    launcher.chmod(0o755)
    install_file(ROOT / "resources" / "xorgui.desktop", stage / "usr" / "share" / "applications" / "xorgui.desktop")
    hicolor = stage / "usr" / "share" / "icons" / "hicolor"
    install_file(ROOT / "resources" / "icons" / "xorgui.svg", hicolor / "scalable" / "apps" / "xorgui.svg")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        install_file(icons / f"xorgui-{size}.png", hicolor / f"{size}x{size}" / "apps" / "xorgui.png")
    depends = system_dependencies(bundle)
    installed_kib = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    control = stage / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(
        f"Package: xorgui\nVersion: {VERSION}\nSection: education\nPriority: optional\nArchitecture: {arch}\n"
        f"Installed-Size: {installed_kib}\nDepends: {', '.join(depends)}\nMaintainer: {MAINTAINER}\n"
        "Description: back-propagation made visible and exact\n"
        " xorgui trains the classic XOR network with every number on screen: edit a weight,\n"
        " step one sample at a time and watch the weighted sums, deltas, gradients and\n"
        " updates, run whole epochs and watch the loss fall on a live plot.\n")
    normalize_modes(stage)
    return stage


def copy_tree(source: Path, target: Path) -> None:
    """Hard-link the bundle into the staging tree when possible (same file system), else copy."""
    def link_or_copy(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(source, target, symlinks=True, copy_function=link_or_copy)


def install_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(0o644)


def system_dependencies(bundle: Path) -> list[str]:
    """The Debian packages of the shared libraries the bundle links but does not ship.

    Every NEEDED entry of every ELF file in the bundle that names no file in the bundle comes from
    the system (libc, libstdc++, X11/xcb, fontconfig, glib, GL, wayland, ...); dpkg says which
    package installed it here. libc6 gets a minimum version: the newest GLIBC_x.y symbol version used.
    """
    shipped = {path.name for path in bundle.rglob("*")}
    needed, glibc = set(), (2, 17)
    for path in elf_files(bundle):
        dynamic = subprocess.run(["readelf", "-dW", str(path)], capture_output=True, text=True).stdout
        needed |= set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
        versions = subprocess.run(["readelf", "-VW", str(path)], capture_output=True, text=True).stdout
        for major, minor in re.findall(r"Name: GLIBC_(\d+)\.(\d+)", versions):
            glibc = max(glibc, (int(major), int(minor)))
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    packages, unknown = set(), []
    for soname in sorted(needed - shipped):
        package = debian_package(soname, cache) or KNOWN_PACKAGES.get(soname)
        if package:
            packages.add(package)
        else:
            unknown.append(soname)
    if unknown:
        raise SystemExit(f"no Debian package found for {', '.join(unknown)}: install them on the build machine")
    packages.discard("libc6")
    return [f"libc6 (>= {glibc[0]}.{glibc[1]})", *sorted(packages)]


def debian_package(soname: str, ldconfig_cache: str) -> str | None:
    machine = "x86-64" if platform.machine() == "x86_64" else platform.machine()
    for line in ldconfig_cache.splitlines():
        parts = line.split(" => ")
        if len(parts) != 2 or parts[0].split()[0] != soname or machine not in parts[0]:
            continue
        path = Path(parts[1].strip())
        # merged /usr: dpkg may know the file as /lib/... or /usr/lib/..., under its name or its target
        candidates = {path, path.resolve()}
        candidates |= {Path("/usr" + str(p)) for p in candidates if str(p).startswith("/lib")}
        candidates |= {Path(str(p)[4:]) for p in candidates if str(p).startswith("/usr/lib")}
        for candidate in sorted(candidates):
            owner = subprocess.run(["dpkg", "-S", str(candidate)], capture_output=True, text=True)
            if owner.returncode == 0:
                return owner.stdout.split(":")[0].strip()
    return None


# --- Windows and macOS (built by .github/workflows/build.yml) -------------------------------------

def windows_installer(bundle: Path, icons: Path, dist: Path) -> list[Path]:
    program_files = Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)"))
    iscc = shutil.which("iscc") or next((str(p) for p in program_files.glob("Inno Setup*/ISCC.exe")), None)
    if iscc is None:
        raise SystemExit(f"the bundle is in {bundle}, but Inno Setup's iscc was not found to make the installer: "
                         "install it (`choco install innosetup`) and run this again")
    run([iscc, f"/DAppVersion={VERSION}", f"/DBundleDir={bundle}", f"/DIconFile={icons / 'xorgui.ico'}",
         f"/DOutputDir={dist}", str(ROOT / "packaging" / "xorgui.iss")], stdout=subprocess.DEVNULL)
    return [dist / f"xorgui-{VERSION}-windows-x64-setup.exe"]


def macos_dmg(dist: Path) -> list[Path]:
    """A compressed disk image holding xorgui.app and a link to /Applications to drag it onto."""
    dmg = dist / f"xorgui-{VERSION}-macos-{platform.machine()}.dmg"
    with tempfile.TemporaryDirectory() as scratch:
        stage = Path(scratch) / "xorgui"
        stage.mkdir()
        shutil.copytree(dist / "xorgui.app", stage / "xorgui.app", symlinks=True)
        (stage / "Applications").symlink_to("/Applications")
        dmg.unlink(missing_ok=True)
        run(["hdiutil", "create", "-volname", f"xorgui {VERSION}", "-srcfolder", str(stage), "-ov",
             "-format", "UDZO", str(dmg)])
    return [dmg]


if __name__ == "__main__":
    sys.exit(main())
