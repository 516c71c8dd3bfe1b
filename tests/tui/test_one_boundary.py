"""Data text reaches the explorer's screen one way: through `tui.shown` (or the
`model.text.safe_text` it is made of). This test reads every module of `tui/` and fails on
text handed to a widget, a rendered line or a title any other way, so that the next widget
is safe without anyone remembering to be careful.

What counts as handed over: the text arguments of Text(), Text.assemble(), Label(), Static(),
Option(), Segment(), Content(), `.update()`, `.exit(message=...)` (printed on leaving),
`.append()` on a Text being built, and assignments to `title`, `sub_title`, `border_title`,
`border_subtitle` and `tooltip`. Notifications go through `DatelineApp.notify`, which makes
them safe itself (tests/tui/test_terminal_boundary.py shows a hostile one).
Text.from_markup and Text.from_ansi are never used: they would read data as markup or as
terminal escapes.

What counts as safe: a literal; shown(), safe_text(), counted() or a function of tui's
own that returns a Text (its insides are checked where they build it); an f-string, a
concatenation, a conditional or a padding (`.ljust`) of safe parts; a number formatted as
one (`{x:3.0f}`, `{n:,}`); a local name whose every assignment is safe; a parameter
declared as a Text. Anything else must say on its line, or the line above, why it is not data text:
`# shown: REASON` (the kind names, a key binding's own words).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"

SINK_CALLS = {"Text", "Label", "Static", "Option", "Segment", "Content"}
SINK_METHODS = {"update", "assemble", "exit"}
TITLE_ATTRIBUTES = {"title", "sub_title", "border_title", "border_subtitle", "tooltip"}
FORBIDDEN_METHODS = {"from_markup", "from_ansi"}
SAFE_CALLS = {"shown", "safe_text", "counted", "Text", "len", "int", "round", "max", "min",
              # model.report's words for a place and an actor are made of safe_text.
              "place_words", "actor_words"}
PADDING = {"ljust", "rjust", "center", "strip", "rstrip", "lstrip"}
NUMBER_FORMAT = re.compile(r"[-+ ]?\d*[,_]?(\.\d+)?[dfe%]?$")
REASON = re.compile(r"#\s*shown:\s*\S")


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(TUI.parent)}:{self.line}: {self.what}"


class _Scope:
    """The function being read: its parameters declared as Text, its assignments."""

    def __init__(self, node: ast.AST | None) -> None:
        self.text_params: set[str] = set()
        self.assigned: dict[str, list[ast.expr | None]] = {}
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for arg in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs]:
                annotation = ast.unparse(arg.annotation) if arg.annotation else ""
                if annotation in ("Text", "Strip", "Content"):
                    self.text_params.add(arg.arg)
                self.assigned.setdefault(arg.arg, []).append(None)
        if node is None:
            return
        for child in ast.walk(node):
            if isinstance(child, ast.Assign):
                for target in child.targets:
                    self._bind(target, child.value)
            elif isinstance(child, ast.AnnAssign | ast.AugAssign) and child.value is not None:
                self._bind(child.target, child.value)
            elif isinstance(child, ast.For | ast.comprehension):
                self._bind(child.target, None)
            elif isinstance(child, ast.NamedExpr):
                self._bind(child.target, child.value)

    def _bind(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)
        elif isinstance(target, ast.Tuple | ast.List):
            for item in target.elts:
                self._bind(item, None)


class _Checker:
    def __init__(self, text_functions: set[str], module: _Scope) -> None:
        self.text_functions = text_functions
        self.module = module
        """The module's own names (constants such as a glyph)."""

    def safe(self, node: ast.expr, scope: _Scope, seen: frozenset[str] = frozenset()) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(part, scope, seen) for part in node.values)
        if isinstance(node, ast.FormattedValue):
            spec = ast.unparse(node.format_spec)[2:-1] if node.format_spec else ""
            if spec and NUMBER_FORMAT.match(spec) and spec[-1:] in "dfe%,":
                return True
            return self.safe(node.value, scope, seen)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Mult):  # "─" * width
                return self.safe(node.left, scope, seen) or self.safe(node.right, scope, seen)
            return self.safe(node.left, scope, seen) and self.safe(node.right, scope, seen)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, scope, seen) and self.safe(node.orelse, scope, seen)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(value, scope, seen) for value in node.values)
        if isinstance(node, ast.Tuple):  # Text.assemble's (text, style)
            return bool(node.elts) and self.safe(node.elts[0], scope, seen)
        if isinstance(node, ast.Subscript):  # a slice of safe text
            return self.safe(node.value, scope, seen)
        if isinstance(node, ast.Call):
            name = _called(node)
            if name in SAFE_CALLS or name in self.text_functions:
                return True
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in PADDING:
                return self.safe(func.value, scope, seen)
            if isinstance(func, ast.Attribute) and func.attr == "assemble":
                return True  # checked as a sink itself
            return False
        if isinstance(node, ast.Name):
            if node.id in scope.text_params:
                return True
            values = scope.assigned.get(node.id) or self.module.assigned.get(node.id)
            if not values or node.id in seen:
                return False
            return all(value is not None and self.safe(value, scope, seen | {node.id})
                       for value in values)
        return False


def _called(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _text_builders(scope: _Scope) -> set[str]:
    """Local names that hold a Text being built (`out = Text()`), or a Text parameter."""
    names = set(scope.text_params)
    for name, values in scope.assigned.items():
        if values and all(isinstance(v, ast.Call) and _called(v) == "Text" for v in values):
            names.add(name)
    return names


def _functions_returning_text(trees: list[ast.Module]) -> set[str]:
    return {node.name for tree in trees for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns
            is not None and ast.unparse(node.returns) in ("Text", "Content")}


def _scopes(tree: ast.Module) -> Iterator[tuple[ast.AST, _Scope]]:
    """Every node with the innermost function around it."""
    def visit(node: ast.AST, scope: _Scope) -> Iterator[tuple[ast.AST, _Scope]]:
        for child in ast.iter_child_nodes(node):
            inner = _Scope(child) if isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef) else scope
            yield child, inner
            yield from visit(child, inner)
    yield from visit(tree, _Scope(None))


def findings_in(path: Path, source: str, text_functions: set[str]) -> list[Finding]:
    tree = ast.parse(source)
    lines = source.splitlines()
    module = _Scope(None)
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                module._bind(target, statement.value)
    checker = _Checker(text_functions, module)
    found: list[Finding] = []

    statements = [(s.lineno, s.end_lineno or s.lineno) for s in ast.walk(tree)
                  if isinstance(s, ast.stmt)]

    def reviewed(node: ast.AST) -> bool:
        # The reason stands on the lines of the statement handing the text over (the
        # innermost), or on the line above it.
        line = getattr(node, "lineno", 1)
        first, last = min(((a, b) for a, b in statements if a <= line <= b),
                          key=lambda span: span[1] - span[0], default=(line, line))
        return any(REASON.search(lines[n - 1]) for n in range(max(1, first - 1), last + 1))

    def report(node: ast.AST, what: str) -> None:
        if not reviewed(node):
            found.append(Finding(path, node.lineno, what))

    for node, scope in _scopes(tree):
        if isinstance(node, ast.Call):
            name = _called(node)
            func = node.func
            receiver = func.value if isinstance(func, ast.Attribute) else None
            if name in FORBIDDEN_METHODS:
                report(node, f"{name}() reads text as markup or escapes")
                continue
            is_sink = (isinstance(func, ast.Name) and name in SINK_CALLS) or (
                receiver is not None and name in SINK_METHODS) or (
                receiver is not None and name == "append" and isinstance(receiver, ast.Name)
                and receiver.id in _text_builders(scope))
            if not is_sink:
                continue
            # The text is the first argument (then styles, ids); Text.assemble's are all text.
            texts = list(node.args if name == "assemble" else node.args[:1])
            texts += [kw.value for kw in node.keywords
                      if kw.arg in ("text", "title", "prompt", "message")]
            for arg in texts:
                if not checker.safe(arg, scope):
                    report(node, f"{name}() is handed {ast.unparse(arg)!r} without shown()")
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (isinstance(target, ast.Attribute) and target.attr in TITLE_ATTRIBUTES
                        and node.value is not None and not checker.safe(node.value, scope)):
                    report(node, f"{target.attr} is set to {ast.unparse(node.value)!r} "
                                 "without shown()")
    return found


def scan(root: Path = TUI) -> list[Finding]:
    paths = sorted(root.rglob("*.py"))
    sources = {path: path.read_text(encoding="utf-8") for path in paths}
    text_functions = _functions_returning_text([ast.parse(s) for s in sources.values()])
    return [finding for path, source in sources.items()
            for finding in findings_in(path, source, text_functions)]


def test_no_data_text_reaches_the_screen_around_the_boundary() -> None:
    findings = scan()
    assert not findings, "data text handed to the screen without tui.shown:\n" + "\n".join(
        map(str, findings))


# The scan itself: each way around the boundary is found, and each safe way is not.

def _check(source: str) -> list[str]:
    return [f.what for f in findings_in(TUI / "example.py", source, {"render_event"})]


def test_the_scan_finds_data_handed_to_widgets() -> None:
    source = '''
def compose(self, path: str, event):
    yield Label(Text(f"Opening {path}"))
    yield Static(event.title)
    self.query_one(Static).update(Text(self.filter.text))
    self.title = event.title
    self.sub_title = f"{event.title}"
    label = Text.assemble(("x", "bold"), event.title)
    self.exit(return_code=1, message=f"{path}: cancelled")
    text = Text.from_markup(event.title)
    out = Text()
    out.append(event.notes)
'''
    found = _check(source)
    assert len(found) == 9, found
    assert any("from_markup" in what for what in found)


def test_the_scan_lets_the_boundary_and_literals_through() -> None:
    source = '''
def compose(self, path: str, count: int, fraction: float, value: Text):
    yield Label(shown(f"Opening {path}"))
    yield Static(Text("Esc: cancel"), id="keys")
    yield Static(Text(f"{counted(count)} of {100 * fraction:3.0f}%"))
    title = safe_text(path)
    yield Static(Text(title + " \\u2026" if count else title))
    self.sub_title = safe_text(path)
    out = Text()
    out.append(f"{safe_text(path):<11}", style="bold")
    out.append_text(value)
    self.query_one(Static).update(render_event(path))
    yield Label(self.kind.value)  # shown: a kind name, the language's own word
'''
    assert _check(source) == []
