"""The cache folder's names, read and written by one typed record."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from model.store.entries import ABOUT, BUILDING, TEXT, BuildFile

_PART = st.text(alphabet="0123456789abcdef", min_size=1, max_size=32)


@given(_PART, _PART, st.integers(0, 2**22), st.sampled_from(["", TEXT, ABOUT]))
def test_a_build_name_reads_back_as_its_record(key: str, token: str, pid: int,
                                               role: str) -> None:
    build = BuildFile(key, token, pid, role)
    assert build.name.endswith(f".{pid}{BUILDING}")
    assert BuildFile.parse(build.name) == build


def test_the_names_of_one_build_share_key_token_and_pid() -> None:
    build = BuildFile.new("k" * 32)
    text, note = build.as_(TEXT), build.as_(ABOUT)
    assert {(b.key, b.token, b.pid) for b in (build, text, note)} == {
        (build.key, build.token, build.pid)}
    assert note.name == f"{build.key}.{build.token}.about.{build.pid}{BUILDING}"


def test_what_is_not_a_build() -> None:
    for name in ("abc.dateline-store", "abc.dateline-text", "abc.x.building", "building",
                 ".123.building", "notes.txt"):
        assert BuildFile.parse(name) is None, name
    # A build named as earlier versions did (no token) is still one, so it is cleaned.
    assert BuildFile.parse(f"abc.4206649{BUILDING}") == BuildFile("abc", "", 4206649)
    # A part of a parallel import is named after its store: its builder's pid is last.
    part = BuildFile.parse(f"abc.0a1b.77{BUILDING}.part1.77{BUILDING}")
    assert part is not None and part.pid == 77 and part.key == "abc"
