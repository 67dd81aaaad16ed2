"""review/ sits just above the foundation: no file format, no aligner, nothing above it.

Its ``web`` subpackage, the editor of ``alignkit review``, is the exception: it sits at the
top beside :mod:`alignkit.pipeline` (it opens files, re-aligns, checks terms), below the CLI only.
"""

from __future__ import annotations

from pathlib import Path

import alignkit.review

REVIEW = Path(alignkit.review.__file__).parent
#: The alignkit modules review/ may use: the foundation layer.
ALLOWED = {"errors", "model", "langs"}


def _imports(module: str) -> set[str]:
    import ast

    tree = ast.parse((REVIEW / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 2:
            found.update([node.module] if node.module else [alias.name for alias in node.names])
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("alignkit."):
            found.add(node.module.removeprefix("alignkit.").split(".")[0])
    return found


def test_review_imports_only_the_foundation() -> None:
    for path in REVIEW.glob("*.py"):
        assert _imports(path.stem) <= ALLOWED, path.name


def test_every_module_is_in_the_package_docstring() -> None:
    modules = {path.stem for path in REVIEW.glob("*.py")} - {"__init__"}
    assert all(f":mod:`.{module}`" in (alignkit.review.__doc__ or "") for module in modules)


def test_the_editor_sits_below_the_command_line_only() -> None:
    import ast

    for path in (REVIEW / "web").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module != "cli" and not node.module.endswith(".cli"), path.name


def test_the_core_does_not_import_the_editor() -> None:
    for path in REVIEW.glob("*.py"):
        assert "web" not in _imports(path.stem) and ".web" not in path.read_text(encoding="utf-8"), path.name
