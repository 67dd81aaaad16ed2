"""terms/ imports: no circle, the order its package docstring gives, nothing above its layer."""

from __future__ import annotations

import ast
from pathlib import Path

import alignkit.terms

TERMS = Path(alignkit.terms.__file__).parent
#: The modules in the order the package docstring lists them: each imports only earlier ones.
ORDER = ("concepts", "glossary", "tbx", "analyzers", "matching", "check", "html_report", "reports",
         "terminal")
#: The alignkit modules outside terms/ that terms/ may use (the layers below it), and the
#: package's version (recorded in the term report's settings).
ALLOWED = {"errors", "model", "langs", "formats", "fsutil", "safexml", "sheets", "__version__"}


def alignkit_imports(module: str) -> set[str]:
    """The alignkit modules ``terms/<module>.py`` imports, as ``terms.x`` or a top-level name."""
    tree = ast.parse((TERMS / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:  # from .x import ...
                found.add(f"terms.{node.module}" if node.module else "terms")
            elif node.level == 2:  # from ..x import ... / from .. import x
                found.update([node.module] if node.module else [a.name for a in node.names])
            elif node.module and node.module.startswith("alignkit."):
                found.add(node.module.removeprefix("alignkit.").split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("alignkit.").split(".")[0] for a in node.names
                         if a.name.startswith("alignkit."))
    return found


def test_every_module_is_in_the_documented_order() -> None:
    modules = {p.stem for p in TERMS.glob("*.py")} - {"__init__"}
    assert modules == set(ORDER)
    documented = [m for m in ORDER if f":mod:`.{m}`" in (alignkit.terms.__doc__ or "")]
    assert documented == list(ORDER)


def test_terms_modules_import_only_earlier_ones_and_the_layers_below() -> None:
    for position, module in enumerate(ORDER):
        imports = alignkit_imports(module)
        inside = {name.removeprefix("terms.") for name in imports if name.startswith("terms.")}
        outside = {name.split(".")[0] for name in imports if not name.startswith("terms")}
        assert inside <= set(ORDER[:position]), (module, inside)
        assert outside <= ALLOWED, (module, outside)


def test_the_glossary_file_formats_do_not_import_each_other() -> None:
    assert "terms.glossary" not in alignkit_imports("tbx")
    assert "terms.tbx" not in alignkit_imports("glossary")
