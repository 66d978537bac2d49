"""The package's layers: a module imports only its own subpackage and the layers below it, and no
module imports itself through others (no import circles). Every import counts, also those inside
functions, so a lazy import cannot hide a wrong direction."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "summitry"

# Lowest first. A module may import modules of its own subpackage and of any earlier layer.
LAYERS: list[set[str]] = [
    {"records", "version"},
    {"data"},
    {"enrich"},
    {"pipeline"},
    {"store"},
    {"events"},
    {"formats"},
    {"queries"},
    {"quality"},
    {"web"},
    {"cli"},
    {""},  # summitry/__init__.py, the public API: above everything, imported by nothing of the package
]


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(root: Path, path: Path) -> set[str]:
    """The package's modules that one file imports, as dotted names below the package."""
    name = _module_name(root, path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    if name == "":
        package = []
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and node.module.split(".")[0] == root.name:
                target = node.module.partition(".")[2]
            else:
                continue
            found.add(target)
            for alias in node.names:  # "from . import x": x may be a module
                candidate = f"{target}.{alias.name}" if target else alias.name
                if (root / candidate.replace(".", "/")).with_suffix(".py").exists() or (root / candidate.replace(".", "/")).is_dir():
                    found.add(candidate)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == root.name:
                    found.add(alias.name.partition(".")[2])
    found.discard(name)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    return {_module_name(root, path): _imports(root, path) for path in sorted(root.rglob("*.py"))}


def _layer(module: str) -> int:
    top = module.split(".")[0]
    for rank, names in enumerate(LAYERS):
        if top in names:
            return rank
    raise AssertionError(f"summitry.{module} belongs to no layer: add its subpackage to LAYERS")


def layer_violations(root: Path) -> list[str]:
    """Each import of a higher layer, or of another subpackage of the same layer."""
    problems = []
    for module, targets in import_graph(root).items():
        for target in sorted(targets):
            same_package = target.split(".")[0] == module.split(".")[0]
            # a package's __init__ and its own modules are one room
            if same_package or _layer(target) < _layer(module):
                continue
            problems.append(f"{_dotted(module)} imports {_dotted(target)}")
    return problems


def _dotted(module: str) -> str:
    return f"summitry.{module}" if module else "summitry"


def import_cycles(root: Path) -> list[list[str]]:
    """Circles of module imports (a subpackage's __init__ importing its own modules does not count)."""
    graph = import_graph(root)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if target in graph and _is_parent_package(target, module):
                continue  # importing a submodule runs its package's __init__, which is not a circle
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target) :] + [target])
            elif target in graph and target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module)
    return cycles


def _is_parent_package(package: str, module: str) -> bool:
    return package == "" or module.startswith(package + ".")


def test_every_import_goes_down_the_layers() -> None:
    assert layer_violations(PACKAGE) == []


def test_no_import_circles() -> None:
    assert import_cycles(PACKAGE) == []


def test_no_module_is_longer_than_one_sitting() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 500}
    assert long == {}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"pipeline/parse.py": "from ..store.sqlite import connect\n"}, ["summitry.pipeline.parse imports summitry.store.sqlite"]),
        ({"store/sqlite.py": "def f():\n    from summitry.cli import app\n"}, ["summitry.store.sqlite imports summitry.cli"]),
        ({"enrich/figures.py": "from ..pipeline import dates\n"}, ["summitry.enrich.figures imports summitry.pipeline", "summitry.enrich.figures imports summitry.pipeline.dates"]),
        ({"web/app.py": "from .. import __version__\n"}, ["summitry.web.app imports summitry"]),
        ({"cli/main.py": "from ..queries.corpus import Corpus\nfrom . import serve\n"}, []),
    ],
)
def test_the_checker_finds_an_import_that_goes_up(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    root = tmp_path / "summitry"
    _write(root, {"__init__.py": "", "records.py": "", "cli/serve.py": "", "queries/corpus.py": "", "store/sqlite.py": "",
                  "pipeline/dates.py": "", "pipeline/__init__.py": "", **files})
    assert layer_violations(root) == expected


def test_the_checker_finds_a_circle(tmp_path: Path) -> None:
    root = tmp_path / "summitry"
    _write(root, {"__init__.py": "", "pipeline/__init__.py": "", "pipeline/read.py": "from .fetch import Fetcher\n",
                  "pipeline/fetch.py": "def f():\n    from .read import make_page\n"})
    assert import_cycles(root) == [["pipeline.fetch", "pipeline.read", "pipeline.fetch"]]
