"""The benchmark scripts still fit together: what one imports from another exists there.

They run only by hand or through `make bench`, so a rename in one (bench/run.py lost `measure`
once, and bench/booking.py failed at its first line) would otherwise go unseen. Read, not run:
importing them would set Django up with their own settings.
"""

import ast
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SCRIPTS = sorted(BENCH.glob("*.py"))


def defined_names(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(target.id for target in targets if isinstance(target, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def bench_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every `from <bench module> import name` in the script, or `import <bench module>`."""
    modules = {script.stem for script in SCRIPTS}
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        module = (node.module or "").removeprefix("bench.") if isinstance(node, ast.ImportFrom) else ""
        if (
            module in modules
        ):  # `from staff_queue import …` (bench/ on the path) or `from bench.staff_queue …`
            found.extend((module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((alias.name, "") for alias in node.names if alias.name in modules)
    return found


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_what_a_benchmark_imports_from_another_is_there(script: Path) -> None:
    missing = [
        f"{module}.{name}"
        for module, name in bench_imports(script)
        if name and name not in defined_names(BENCH / f"{module}.py")
    ]

    assert not missing, f"{script.name} imports what is gone: {missing}"


def test_the_check_sees_the_imports_between_benchmarks() -> None:
    assert ("in_process", "measure") in bench_imports(BENCH / "booking.py")
    assert ("staff_queue", "timed") in bench_imports(BENCH / "in_process.py")
    assert "measure" in defined_names(BENCH / "in_process.py")
