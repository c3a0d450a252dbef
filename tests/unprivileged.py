"""Run ``translate`` as a user who cannot write everywhere, even when the tests run as root.

Root writes into read-only folders and files, so a permission test run as root proves nothing.
``run_translate`` forks: the child runs ``translate.cli.main`` (the fast path included) in a
folder, as the unprivileged user ``NOBODY`` when the tests run as root, else as the user running
them. The interpreter's own library may sit where that user cannot read it (under root's home),
so as root the child first runs the same command once on a throwaway copy of the folder, which
imports every module the command needs, and only then gives up root.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

NOBODY = 65534
_NO_SWITCH = 97  # the child's exit code when it could not become NOBODY


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


def as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def user_folder() -> Iterator[Path]:
    """A new empty folder the user ``run_translate`` runs as owns (removed afterwards)."""
    if not hasattr(os, "fork"):
        pytest.skip("running as another user needs os.fork")
    folder = Path(tempfile.mkdtemp(prefix="translate-perm-"))
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)  # so that a user who is not root can remove it
        shutil.rmtree(folder)


def give(folder: Path) -> None:
    """Make everything in ``folder`` belong to the user ``run_translate`` runs as."""
    if as_root():
        for path in (folder, *folder.rglob("*")):
            os.chown(path, NOBODY, NOBODY, follow_symlinks=False)


def run_translate(argv: list[str], cwd: Path) -> Outcome:
    """``translate *argv`` run in ``cwd`` by a user without root's rights (see the module)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the child never returns
            _child(argv, cwd, out.fileno(), err.fileno())
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = Outcome(code, out.read().decode(), err.read().decode())
    if code == _NO_SWITCH and result.stderr.startswith("cannot switch"):
        pytest.skip(f"running as an unprivileged user is impossible here: {result.stderr}")
    return result


def _child(argv: list[str], cwd: Path, out: int, err: int) -> None:
    code = 1
    try:
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        if as_root():
            _warm_up(argv, cwd)
            try:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            except OSError as error:
                sys.stderr.write(f"cannot switch to uid {NOBODY}: {error}")
                code = _NO_SWITCH
                return
        os.chdir(cwd)
        sys.argv = ["translate", *argv]
        from translate.cli import main

        main()
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _warm_up(argv: list[str], cwd: Path) -> None:
    """Run the command once as root on a copy of ``cwd``, for the modules it imports."""
    from typer.testing import CliRunner

    from translate.cli import app
    from translate.cli.fast_check import run

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "copy"
        shutil.copytree(cwd, copy, symlinks=True)
        os.chdir(copy)
        try:
            with open(os.devnull, "w") as sink, redirect_stdout(sink), redirect_stderr(sink):
                run(argv)
            CliRunner().invoke(app, argv)
        finally:
            os.chdir("/")
