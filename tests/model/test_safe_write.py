"""Files are created through one function that never follows a link it did not choose: a
temporary under a name nobody can guess, opened O_CREAT|O_EXCL|O_NOFOLLOW, and swept away
once its writer is dead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import model.safe_write
from model.safe_write import TEMP_SUFFIX, clean_stale_temporaries, write_atomic

DEAD_PID = 2 ** 22 + 12345  # above Linux's pid_max default of 4,194,304: never running


def _write(target: Path, text: bytes = b"the view") -> Path:
    return write_atomic(target, lambda stream: stream.write(text))


def test_a_link_planted_under_the_old_predictable_name_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious data")
    target = tmp_path / "new.toml"
    (tmp_path / f".new.toml.{os.getpid()}{TEMP_SUFFIX}").symlink_to(victim)
    _write(target)
    assert victim.read_bytes() == b"precious data"
    assert target.read_bytes() == b"the view"


def test_a_link_planted_under_the_very_name_chosen_is_refused_and_another_taken(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious data")
    guesses = iter(["guessed", "guessed", "other"])
    monkeypatch.setattr(model.safe_write.secrets, "token_hex", lambda _n: next(guesses))
    planted = tmp_path / f".new.toml.{os.getpid()}.guessed{TEMP_SUFFIX}"
    planted.symlink_to(victim)
    _write(tmp_path / "new.toml")
    assert victim.read_bytes() == b"precious data"
    assert planted.is_symlink()  # left alone: it is not ours
    assert (tmp_path / "new.toml").read_bytes() == b"the view"
    assert not list(tmp_path.glob(f"*.other{TEMP_SUFFIX}"))


def test_temporaries_are_named_with_the_writer_and_a_random_part(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def produce(stream: object) -> None:
        seen.extend(p.name for p in tmp_path.iterdir() if p.name.endswith(TEMP_SUFFIX))

    write_atomic(tmp_path / "v.toml", produce)  # type: ignore[arg-type]
    [name] = seen
    pid, random, suffix = name.removeprefix(".v.toml.").split(".", 2)
    assert pid == str(os.getpid()) and len(random) == 16 and f".{suffix}" == TEMP_SUFFIX


def test_stale_temporaries_of_dead_writers_are_swept_in_both_namings(tmp_path: Path) -> None:
    target = tmp_path / "v.toml"
    old = tmp_path / f".v.toml.{DEAD_PID}{TEMP_SUFFIX}"
    new = tmp_path / f".v.toml.{DEAD_PID}.0123456789abcdef{TEMP_SUFFIX}"
    alive = tmp_path / f".v.toml.{os.getpid()}.0123456789abcdef{TEMP_SUFFIX}"
    for path in (old, new, alive):
        path.write_bytes(b"half")
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious data")
    link = tmp_path / f".v.toml.{DEAD_PID}.fedcba9876543210{TEMP_SUFFIX}"
    link.symlink_to(victim)
    clean_stale_temporaries(target)
    assert not old.exists() and not new.exists()
    assert alive.exists() and link.is_symlink() and victim.read_bytes() == b"precious data"


def test_an_export_in_a_folder_with_a_planted_link_leaves_the_linked_file_alone(
        tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious data\n")
    dateline = Path(sys.executable).with_name("dateline")
    script = (f"ln -s victim.txt .new.toml.$$.dateline-tmp; "
              f"exec {dateline} export -f kind:capture -o new.toml")
    result = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True,
                            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert victim.read_bytes() == b"precious data\n"
    assert (tmp_path / "new.toml").read_text(encoding="utf-8").startswith("format_version")
