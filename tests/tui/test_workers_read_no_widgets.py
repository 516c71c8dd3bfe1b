"""No worker reads widget state: what runs in a worker thread gets a frozen job (or plain
values) and asks only the store; it posts what it found, and the UI thread puts it on screen.

This test reads every module of `tui/`, finds each body that runs in a worker (a method
decorated with `@work`, what is handed to `run_worker` or to the timeline's `Jobs._run`,
directly or through `partial`, and what those call of their own class or module), and fails
on any access in it to the DOM or to state the UI thread changes: queries, the app or
screen, focus, sizes, values, the view state, the timeline's window or cursor.
"""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"

WIDGET_STATE = frozenset({
    "query_one", "app", "screen", "focused", "display", "size", "value",
    "current_event", "cursor_row", "timeline", "detail", "window", "state",
    "shown", "styles", "children", "parent", "is_mounted",
})


def _bodies(tree: ast.Module) -> list[ast.FunctionDef]:
    """The functions of one module that run in workers."""
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    methods = {f.name: f for c in tree.body if isinstance(c, ast.ClassDef)
               for f in c.body if isinstance(f, ast.FunctionDef)}
    found: list[ast.FunctionDef] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(
                (isinstance(d, ast.Call) and getattr(d.func, "id", "") == "work")
                or getattr(d, "id", "") == "work" for d in node.decorator_list):
            found.append(node)
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("run_worker", "_run") and node.args):
            continue
        target = node.args[0]
        if isinstance(target, ast.Call) and getattr(target.func, "id", "") == "partial":
            target = target.args[0]
        if isinstance(target, ast.Name) and target.id in functions:
            found.append(functions[target.id])
        elif isinstance(target, ast.Attribute) and target.attr in methods:
            found.append(methods[target.attr])
    # And what they call of their own class or module, as far as it goes.
    at = 0
    while at < len(found):
        for node in ast.walk(found[at]):
            if isinstance(node, ast.Call):
                func = node.func
                called = (methods.get(func.attr) if isinstance(func, ast.Attribute)
                          and getattr(func.value, "id", "") == "self"
                          else functions.get(func.id) if isinstance(func, ast.Name) else None)
                if called is not None and called not in found:
                    found.append(called)
        at += 1
    return found


def _widget_reads(body: ast.FunctionDef) -> list[str]:
    reads = [f"line {n.lineno}: .{n.attr}" for n in ast.walk(body)
             if isinstance(n, ast.Attribute) and n.attr in WIDGET_STATE]
    # `.query(...)` asks the DOM; `job.query`, a job's frozen query, is not a call.
    return reads + [f"line {n.lineno}: .query()" for n in ast.walk(body)
                    if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and n.func.attr == "query"]


def test_every_worker_body_is_found() -> None:
    bodies = {(path.name, b.name) for path in TUI.rglob("*.py")
              for b in _bodies(ast.parse(path.read_text(encoding="utf-8")))}
    # The timeline's four jobs, the export, the histogram's count and the import.
    for expected in [("timeline_work.py", "read_rows"), ("timeline_work.py", "count_density"),
                     ("timeline_work.py", "find_matches"), ("timeline_work.py", "find_related"),
                     ("export_control.py", "_write"), ("histogram_screen.py", "count_bins"),
                     ("loading_screen.py", "run_import")]:
        assert expected in bodies, (expected, sorted(bodies))


def test_no_worker_reads_widget_state() -> None:
    found = []
    for path in sorted(TUI.rglob("*.py")):
        for body in _bodies(ast.parse(path.read_text(encoding="utf-8"))):
            found += [f"{path.relative_to(TUI)}: {body.name}: {read}"
                      for read in _widget_reads(body)]
    assert not found, "a worker reads widget state:\n" + "\n".join(found)


def test_the_rule_catches_a_worker_that_reads_a_widget() -> None:
    module = ast.parse(
        "from functools import partial\n"
        "class S:\n"
        "    def go(self):\n"
        "        self.run_worker(partial(self._count, 1), thread=True)\n"
        "    def _count(self, n):\n"
        "        return self.query_one('#x').value\n")
    (body,) = _bodies(module)
    assert _widget_reads(body) == ["line 6: .value", "line 6: .query_one"]
