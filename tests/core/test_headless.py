"""The core never pulls in the terminal UI, and the command line stays light."""

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(out.split())


def test_core_does_not_import_textual():
    modules = _modules_after(
        "import annotations, annotations.analysis.analyse, annotations.analysis.comparison, "
        "annotations.analysis.report, annotations.sources.articles, annotations.analysis.entities, "
        "annotations.analysis.claims.matcher, annotations.analysis.parsing, annotations.store.exports"
    )
    assert "textual" not in modules


def test_core_loads_spacy_only_to_analyse():
    # Choosing a model and reading articles must not pay for importing spaCy.
    modules = _modules_after(
        "from annotations.analysis import analyse, pipeline\n"
        "from annotations.sources.articles import load_article\n"
        "pipeline.describe(pipeline.choose_model())"
    )
    assert "spacy" not in modules


def test_headless_command_line_does_not_import_textual():
    modules = _modules_after("import tui.cli")
    assert "textual" not in modules


def test_import_contract_holds():
    # The same rule, checked statically over every module by import-linter.
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        capture_output=True, text=True, cwd=root,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_import_cycles():
    # Every module reads top-down: nothing it imports, however indirectly, imports it back.
    import grimp

    graph = grimp.build_graph("annotations", "tui")
    cycles = sorted(
        module for module in graph.modules
        if graph.find_upstream_modules(module) & graph.find_downstream_modules(module)
    )
    assert cycles == []
