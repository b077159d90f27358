"""The architecture rules: the core never imports Textual, and the plain commands never load it.

The first rule is import-linter's contract in pyproject.toml, run as the ``lint-imports``
next to this Python. The second is checked the way it matters to a person: each plain
command runs in a fresh interpreter and ``sys.modules`` is looked at afterwards.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from support import isolated_env

import coach

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(coach.__file__).resolve().parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONTRACT_NAME = "Core stays free of Textual"
# The core as the brief names it; pyproject's contract must hold at least these.
NAMED_CORE = {
    "coach.models", "coach.library", "coach.timeline", "coach.engine", "coach.history",
    "coach.paths", "coach.config", "coach.wording", "coach.diagnostics", "coach.workout",
    "coach.step_record",
}


def _is_core(module: str) -> bool:
    """Everything but the TUI and the command line (which imports the TUI lazily, for
    `coach` and `coach run`)."""
    name = module.removeprefix("coach.")
    return name not in {"__init__", "__main__", "cli", "tui"}


def _core_modules() -> set[str]:
    """Every top-level module and package of coach that is core."""
    names = {p.stem for p in PACKAGE.glob("*.py")}
    names |= {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    return {f"coach.{name}" for name in names if _is_core(f"coach.{name}")}


def _contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    linter = config["tool"]["importlinter"]
    [contract] = [c for c in linter["contracts"] if c["name"] == CONTRACT_NAME]
    return {**contract, "include_external_packages": linter.get("include_external_packages")}


def _lint_imports(*args: str) -> subprocess.CompletedProcess:
    assert LINT_IMPORTS.exists(), f"import-linter is not installed next to {sys.executable}"
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


# --- the import-linter contract -------------------------------------------------------------


def test_contract_in_pyproject():
    contract = _contract()
    assert contract["type"] == "forbidden"
    assert {"textual", "coach.tui"} <= set(contract["forbidden_modules"])
    # textual is an external package: without this import-linter refuses to check at all.
    assert contract["include_external_packages"] is True
    assert _core_modules() >= NAMED_CORE
    # Every core module is named, so the contract is read as the list of the core.
    assert set(contract["source_modules"]) >= _core_modules() >= NAMED_CORE


def test_lint_imports_keeps_the_contract():
    proc = _lint_imports()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{CONTRACT_NAME} KEPT" in proc.stdout
    assert "0 broken" in proc.stdout


def _temporary_contract(tmp_path: Path, name: str, sources: list[str]) -> Path:
    config = tmp_path / "importlinter.toml"
    config.write_text(
        "[tool.importlinter]\n"
        'root_package = "coach"\n'
        "include_external_packages = true\n\n"
        "[[tool.importlinter.contracts]]\n"
        f"name = {json.dumps(name)}\n"
        'type = "forbidden"\n'
        f"source_modules = {json.dumps(sources)}\n"
        f"forbidden_modules = {json.dumps(_contract()['forbidden_modules'])}\n",
        encoding="utf-8",
    )
    return config


def test_every_core_module_is_free_of_textual(tmp_path):
    """The same rule over every core module there is, listed in pyproject or not yet, so a
    new module is held to it from its first line."""
    core = sorted(_core_modules())
    proc = _lint_imports("--config", str(_temporary_contract(tmp_path, "all core", core)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "all core KEPT" in proc.stdout


def test_lint_imports_would_catch_a_textual_import(tmp_path):
    """The same contract over the command line (which imports the TUI, lazily) breaks: the
    checker really follows imports down to Textual."""
    config = _temporary_contract(tmp_path, "cli stays free of Textual", ["coach.cli"])
    proc = _lint_imports("--config", str(config))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "BROKEN" in proc.stdout
    assert "coach.cli.app_command -> coach.tui" in proc.stdout


# --- the command line's own shape -------------------------------------------------------------

CLI = PACKAGE / "cli"
PLAIN_COMMANDS = "The plain commands stay free of Textual"
CLI_LAYERS = "The command line: command groups on shared helpers"


def test_only_the_app_command_may_import_textual():
    """Every module of coach/cli but the app's own (and __init__, which dispatches to it) is
    held to the Textual ban, a new one included."""
    [contract] = [c for c in tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
                  ["tool"]["importlinter"]["contracts"] if c["name"] == PLAIN_COMMANDS]
    modules = {f"coach.cli.{p.stem}" for p in CLI.glob("*.py")}
    assert set(contract["source_modules"]) == modules - {"coach.cli.__init__",
                                                         "coach.cli.app_command"}
    assert f"{PLAIN_COMMANDS} KEPT" in _lint_imports().stdout


def test_cli_modules_never_import_their_package(tmp_path):
    """No import circles: a command module imports coach.cli.common (and the standard
    library, and the core), never coach.cli's own names, and command groups never import
    each other (the layers contract; it breaks on one such import)."""
    submodules = {p.stem for p in CLI.glob("*.py")} - {"__init__"}
    for path in CLI.glob("*.py"):
        if path.stem == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "coach.cli":
                assert {a.name for a in node.names} <= submodules, path
            if isinstance(node, ast.ImportFrom) and node.module == "coach":
                assert "cli" not in {a.name for a in node.names}, path
            if isinstance(node, ast.Import):
                assert "coach.cli" not in {a.name for a in node.names}, path
    assert f"{CLI_LAYERS} KEPT" in _lint_imports().stdout
    # The contract's control: one group importing another breaks it.
    config = tmp_path / "layers.toml"
    config.write_text(
        "[tool.importlinter]\nroot_package = \"coach\"\n\n"
        "[[tool.importlinter.contracts]]\nname = \"two layers\"\ntype = \"layers\"\n"
        "containers = [\"coach.cli\"]\n"
        "layers = [\"common\", \"library_commands\"]\n",
        encoding="utf-8",
    )
    proc = _lint_imports("--config", str(config))
    assert "two layers BROKEN" in proc.stdout, proc.stdout + proc.stderr


# --- what each command loads ----------------------------------------------------------------

# Runs one command in-process and reports what got imported, in a file of its own so the
# command's output cannot mix with the report.
WRAPPER = """\
import json, sys
argv, report = json.loads(sys.argv[1]), sys.argv[2]
import coach.cli
try:
    rc = coach.cli.main(argv)
except SystemExit as exc:
    rc = exc.code
def loaded(name):
    return any(m == name or m.startswith(name + ".") for m in sys.modules)
with open(report, "w") as f:
    json.dump({"rc": rc, "textual": loaded("textual"), "tui": loaded("coach.tui"),
               "pydantic": loaded("pydantic"),
               "serve": loaded("textual_serve") or loaded("aiohttp")}, f)
"""


def _imports_of(tmp_path: Path, argv: list[str], setup: str = "") -> dict:
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-c", setup + WRAPPER, json.dumps(argv), str(report)],
        env=isolated_env(tmp_path), capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert report.exists(), proc.stderr
    return {**json.loads(report.read_text()), "stderr": proc.stderr}


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["validate"],
        ["show", "heel-raises"],
        ["show", "feet-first-five", "--json"],
        ["config"],
        ["checkin", "3", "--note", "stiff"],
        # Refusals before the TUI: no terminal here, and an unknown routine.
        ["run", "feet-first-five"],
        ["run", "no-such-routine"],
    ],
    ids=" ".join,
)
def test_plain_commands_never_import_textual(tmp_path, argv):
    seen = _imports_of(tmp_path, argv)
    expected_rc = 1 if argv[0] == "run" else 0
    assert seen["rc"] == expected_rc, seen["stderr"]
    assert seen["textual"] is False
    assert seen["tui"] is False
    assert seen["serve"] is False  # textual-serve loads only with `coach serve`


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["list", "--help"],
                                  ["serve", "--help"]],
                         ids=" ".join)
def test_version_and_help_need_no_pydantic(tmp_path, argv):
    seen = _imports_of(tmp_path, argv)
    assert seen["rc"] == 0
    assert seen["pydantic"] is False
    assert seen["textual"] is False
    assert seen["serve"] is False


def test_the_check_sees_textual_when_it_is_imported(tmp_path):
    """The wrapper's own control: had a command imported the TUI, the check would say so."""
    seen = _imports_of(tmp_path, ["config"],
                       setup="import coach.tui.app\nimport textual_serve.server\n")
    assert seen["textual"] is True and seen["tui"] is True and seen["serve"] is True


def test_importing_coach_touches_no_user_directory(tmp_path):
    """No side effects at import time: paths are resolved in main(), not at import."""
    modules = sorted(
        f"coach.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem not in {"__main__"}
    )
    proc = subprocess.run(
        [sys.executable, "-c", "import importlib, sys\n"
         "for m in sys.argv[1:]: importlib.import_module(m)", *modules],
        env=isolated_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- a house a newcomer reads ---------------------------------------------------------------

MAX_MODULE_LINES = 500


def test_no_module_is_over_500_lines_and_each_says_its_job():
    """One job per module, said in its docstring; a module past 500 lines holds more than one."""
    modules = sorted(PACKAGE.rglob("*.py"))
    long = {str(p.relative_to(PACKAGE)): n for p in modules
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}
    silent = [str(p.relative_to(PACKAGE)) for p in modules if p.stat().st_size
              and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert silent == []


def test_tests_import_their_helpers_as_ci_finds_them():
    """A test imports its helpers as ``support`` (tests/ is on the path pytest gives), never
    as ``tests.support``: that resolves only where the checkout itself is importable, which
    a clean install in CI is not (it failed there once)."""
    import re
    from pathlib import Path

    here = Path(__file__).parent
    found = [path.name for path in here.rglob("*.py")
             if re.search(r"^\s*(from|import) tests[.\s]", path.read_text(encoding="utf-8"),
                          re.MULTILINE)]
    assert found == []
