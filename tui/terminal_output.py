"""Standard output of the command line when it is a terminal: the one way data text reaches
it there, through `safe_text`."""

from __future__ import annotations

import codecs
import io
import sys
from typing import TYPE_CHECKING, BinaryIO

from model.text import safe_text

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class TerminalOutput(io.RawIOBase):
    """Standard output when it is a terminal: whatever a command writes there, a listing or
    an export to `-`, passes through safe_text on its way, so no text of a file drives the
    terminal. (Standard error gets only lines already made safe: the CLI's `_err`, the progress.)"""

    def __init__(self, terminal: BinaryIO) -> None:
        super().__init__()
        self.terminal = terminal
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.terminal.fileno()

    def write(self, data: ReadableBuffer) -> int:
        chunk = bytes(data)
        text = safe_text(self.decoder.decode(chunk), keep_newlines=True)
        self.terminal.write(text.encode("utf-8"))
        self.terminal.flush()
        return len(chunk)


def guard_terminal_output() -> None:
    """Route standard output through `TerminalOutput` when it is a terminal."""
    if sys.stdout.isatty():
        sys.stdout.flush()
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(TerminalOutput(sys.stdout.buffer)),
                                      encoding="utf-8", errors="replace", line_buffering=True)
