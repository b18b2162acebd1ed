"""The code's layout is its data flow: boundaries ← records ← store ← analysis ← render ← ui ←
pages.

Every import (at the top of a module or inside a function) is read from the source; none may
point from an earlier stage into a later one, and no modules may import each other in a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from geo.settings import ROOT

BASE = {"geo.settings", "geo.errors", "geo.timeline", "geo.palette", "geo.text"}
COMMANDS = {"geo.users", "geo.present", "geo.build", "geo.demo", "geo.translations"}
STAGES = ["base", "geo.boundaries", "geo.records", "geo.store", "geo.analysis", "geo.render", "ui", "pages"]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return "pages" if parts[0] in ("pages", "dashboard") else ".".join(parts)


def stage(module: str) -> int:
    if module in BASE or module == "geo":
        return 0
    if module in COMMANDS or module == "pages":
        return len(STAGES) - 1
    return max(i for i, prefix in enumerate(STAGES)
               if module == prefix or module.startswith(prefix + "."))


def project_modules() -> dict[str, Path]:
    files = [*ROOT.glob("geo/**/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py"),
             ROOT / "dashboard.py"]
    return {module_name(p) if module_name(p) != "pages" else f"pages:{p.name}": p
            for p in files if "migrations" not in p.parts}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The project modules `path` imports anywhere in its body."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in known}
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules) | {"geo.boundaries", "geo.records", "geo.analysis", "geo.render"}
    return {name: imports_of(path, known) - {name} for name, path in modules.items()}


def test_the_stages_are_packages_with_a_docstring():
    for package in STAGES[1:5]:
        init = ROOT / package.replace(".", "/") / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), init


def test_no_import_points_from_an_earlier_stage_to_a_later_one(graph):
    backwards = [f"{module} imports {target}" for module, targets in graph.items()
                 for target in targets
                 if stage(target) > stage(module.split(":")[0])]
    assert backwards == []


def test_geo_never_imports_streamlit():
    for path in ROOT.glob("geo/**/*.py"):
        assert "streamlit" not in {name.split(".")[0] for name in _all_imports(path)}, path


def _all_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_modules_import_each_other_in_a_circle(graph):
    edges = {m: {t for t in targets if t in graph} for m, targets in graph.items()}
    # a package's __init__ re-exporting its own modules is how the stage is entered, not a circle
    for module in list(edges):
        edges[module] = {t for t in edges[module] if not module.startswith(t + ".")}
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_check_itself_sees_a_backward_import(tmp_path):
    """The walker finds an import inside a function, where the old circles hid."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from geo.render import i18n\n", encoding="utf-8")
    found = imports_of(sample, {"geo.render", "geo.render.i18n"})
    assert found == {"geo.render", "geo.render.i18n"}
    assert stage("geo.render.i18n") > stage("geo.analysis.targets")


def test_all_sql_lives_in_the_store():
    """Queries are written in `geo/store` only: elsewhere a module may name an engine (a type,
    an error class) but builds and runs no statement."""
    writes = {"select", "text", "insert", "update", "delete", "func"}
    found = []
    for path in [*ROOT.glob("geo/**/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py")]:
        if "store" in path.relative_to(ROOT).parts[:2]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            statement = (isinstance(node, ast.Attribute) and node.attr in writes
                         and isinstance(node.value, ast.Name) and node.value.id == "sa")
            runs = isinstance(node, ast.Attribute) and node.attr in ("execute", "exec_driver_sql")
            if statement or runs:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found


def test_rendering_is_split_by_medium(graph):
    """The web map never imports a file maker; file makers reach the web side only where the
    dispatcher makes the offline HTML and finds a published snapshot; of render's shared
    modules only the view catalog (which maps each view to its media) reaches either."""
    def under(module: str, package: str) -> bool:
        return module.startswith(f"geo.render.{package}.")

    crossing = {(a, b) for a, targets in graph.items() for b in targets
                if (under(a, "web") and under(b, "files"))
                or (under(a, "files") and under(b, "web") and a != "geo.render.files.exports")
                or (a.startswith("geo.render.") and a.count(".") == 2
                    and a != "geo.render.catalog" and (under(b, "web") or under(b, "files")))}
    assert not crossing
