"""Dependencies declared in a repository, read from its manifests without running anything.

Read: ``requirements*.txt`` (and ``requirements/*.txt``, ``*.in``), ``pyproject.toml``
(PEP 621 dependencies and optional groups, PEP 735 groups, Poetry, PDM and uv),
``setup.cfg``, the literal ``install_requires``/``extras_require`` of ``setup.py``
(parsed with :mod:`ast`, never executed), conda ``environment.yml``, ``Pipfile``, lock
files (``poetry.lock``, ``uv.lock``, ``pdm.lock``, ``Pipfile.lock``, ``conda-lock.yml``)
and ``%pip``/``!pip install`` lines of notebooks.
"""

from __future__ import annotations

import ast
import configparser
import json
import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from maturity_cli.errors import InvalidFile
from maturity_cli.evidence import tomlread
from maturity_cli.evidence.globs import GlobSet
from maturity_cli.load.reader import parse_document

MANIFESTS = GlobSet(
    [
        "requirements*.txt",
        "requirements*.in",
        "**/requirements/*.txt",
        "**/requirements/*.in",
        "pyproject.toml",
        "setup.cfg",
        "setup.py",
        "environment.yml",
        "environment.yaml",
        "conda.yaml",
        "conda.yml",
        "Pipfile",
        "Pipfile.lock",
        "poetry.lock",
        "uv.lock",
        "pdm.lock",
        "conda-lock.yml",
        "conda-lock.yaml",
        "*.ipynb",
    ]
)

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_NOTEBOOK_PIP = re.compile(
    r"[%!]\s*(?:pip3?|python3? -m pip|conda|mamba|uv pip)\s+install\s+(.*?)(?:\\n)?\"?,?\s*$"
)


class Dependency(NamedTuple):
    """A declared dependency: its normalised name and where it is declared."""

    name: str
    path: str
    line: int | None
    text: str


class ManifestError(Exception):
    """A manifest that cannot be parsed; its message becomes a note."""


def normalise(name: str) -> str:
    """A package name as indexes compare them (PEP 503): lower case, '-' for '-_.' runs."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(text: str) -> str | None:
    """The project name at the start of a requirement (``mlflow[extras]>=2`` -> ``mlflow``)."""
    text = text.strip().strip("'\"")
    if "::" in text:  # conda channel prefix
        text = text.split("::", 1)[1]
    match = _NAME.match(text)
    return normalise(match.group(1)) if match else None


def parse_manifest(path: str, text: str) -> list[Dependency]:
    """The dependencies declared in one manifest; raises :class:`ManifestError`."""
    name = path.rpartition("/")[2]
    parser = _PARSERS.get(name)
    if parser is None:
        if name.endswith(".ipynb"):
            parser = _notebook
        elif name.endswith((".txt", ".in")):
            parser = _requirements
        else:
            return []
    try:
        return parser(path, text)
    except ManifestError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise ManifestError(f"cannot be read as {name}: {exc}") from None


def _found(path: str, text: str, names: Iterable[Any]) -> list[Dependency]:
    """Dependencies from parsed names, each located at the first line that mentions it."""
    lines = text.splitlines()
    out: list[Dependency] = []
    for raw in names:
        name = requirement_name(raw) if isinstance(raw, str) else None
        if name is None:
            continue
        pattern = re.compile(
            r"(?<![\w.-])"
            + r"[-_.]+".join(map(re.escape, re.split(r"[-_.]+", name)))
            + r"(?![\w])",
            re.IGNORECASE,
        )
        at = next((i for i, line in enumerate(lines) if pattern.search(line)), None)
        shown = lines[at].strip() if at is not None else raw
        out.append(Dependency(name, path, at + 1 if at is not None else None, shown))
    return out


def _requirements(path: str, text: str) -> list[Dependency]:
    out: list[Dependency] = []
    for i, raw in enumerate(text.splitlines()):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        name = requirement_name(line)
        if name is not None:
            out.append(Dependency(name, path, i + 1, raw.strip()))
    return out


def _toml(text: str) -> dict[str, Any]:
    try:
        data = tomlread.loads(text)
    except tomlread.TOMLDecodeError as exc:
        raise ManifestError(f"invalid TOML: {exc}") from None
    return data


def _table(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _strings(value: Any) -> list[str]:
    """Requirement strings in a list, or in a mapping of group -> list."""
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def _pyproject(path: str, text: str) -> list[Dependency]:
    data = _toml(text)
    names = _strings(_table(data, "project", "dependencies"))
    names += _strings(_table(data, "project", "optional-dependencies"))
    names += _strings(data.get("dependency-groups"))
    names += _strings(_table(data, "tool", "pdm", "dev-dependencies"))
    names += _strings(_table(data, "tool", "uv", "dev-dependencies"))
    poetry = _table(data, "tool", "poetry") or {}
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    groups = poetry.get("group")
    if isinstance(groups, dict):
        tables += [_table(g, "dependencies") for g in groups.values()]
    names += [k for t in tables if isinstance(t, dict) for k in t if k != "python"]
    return _found(path, text, names)


def _pipfile(path: str, text: str) -> list[Dependency]:
    data = _toml(text)
    tables = [v for k, v in data.items() if k not in ("source", "requires", "scripts")]
    return _found(path, text, [k for t in tables if isinstance(t, dict) for k in t])


def _lock(path: str, text: str) -> list[Dependency]:
    packages = _toml(text).get("package")
    items = packages if isinstance(packages, list) else []
    return _found(path, text, [p.get("name") for p in items if isinstance(p, dict)])


def _pipfile_lock(path: str, text: str) -> list[Dependency]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"invalid JSON: {exc.msg}") from None
    sections = [v for k, v in data.items() if k != "_meta"] if isinstance(data, dict) else []
    return _found(path, text, [k for s in sections if isinstance(s, dict) for k in s])


def _yaml(path: str, text: str) -> Any:
    try:
        return parse_document(text, path)
    except InvalidFile as exc:
        raise ManifestError(exc.problems[0].message) from None


def _conda(path: str, text: str) -> list[Dependency]:
    deps = _table(_yaml(path, text), "dependencies")
    names: list[str] = []
    for item in deps if isinstance(deps, list) else []:
        if isinstance(item, str):
            names.append(re.split(r"[=<>!~ ]", item, maxsplit=1)[0])
        elif isinstance(item, dict):
            names += _strings(item.get("pip"))
    return _found(path, text, names)


def _conda_lock(path: str, text: str) -> list[Dependency]:
    packages = _table(_yaml(path, text), "package")
    items = packages if isinstance(packages, list) else []
    return _found(path, text, [p.get("name") for p in items if isinstance(p, dict)])


def _setup_cfg(path: str, text: str) -> list[Dependency]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        raise ManifestError(f"invalid setup.cfg: {exc.message}") from None
    values: list[str] = []
    if parser.has_option("options", "install_requires"):
        values.append(parser.get("options", "install_requires"))
    if parser.has_section("options.extras_require"):
        values += [v for _, v in parser.items("options.extras_require")]
    names: list[str] = [line for v in values for line in re.split(r"[\n;]", v) if line.strip()]
    return _found(path, text, names)


_SETUP_KEYWORDS = ("install_requires", "extras_require", "tests_require")


def _setup_py(path: str, text: str) -> list[Dependency]:
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        raise ManifestError(f"not valid Python (line {exc.lineno}): not read") from None
    assigned = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    lines = text.splitlines()
    out: list[Dependency] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _call_name(node.func) != "setup":
            continue
        for kw in node.keywords:
            if kw.arg in _SETUP_KEYWORDS:
                value = kw.value
                if isinstance(value, ast.Name):
                    value = assigned.get(value.id, value)
                for const in _literal_strings(value):
                    name = requirement_name(str(const.value))
                    if name is not None:
                        shown = lines[const.lineno - 1].strip()
                        out.append(Dependency(name, path, const.lineno, shown))
    return out


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _literal_strings(node: ast.expr) -> list[ast.Constant]:
    """String constants of a literal list, tuple or dict of lists (nothing is evaluated)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [c for item in node.elts for c in _literal_strings(item)]
    if isinstance(node, ast.Dict):
        return [c for v in node.values for c in _literal_strings(v)]
    return []


def _notebook(path: str, text: str) -> list[Dependency]:
    out: list[Dependency] = []
    for i, line in enumerate(text.splitlines()):
        match = _NOTEBOOK_PIP.search(line)
        if match is None:
            continue
        for token in match.group(1).replace('\\"', " ").split():
            name = None if token.startswith("-") else requirement_name(token)
            if name is not None:
                out.append(Dependency(name, path, i + 1, line.strip()))
    return out


_PARSERS: dict[str, Callable[[str, str], list[Dependency]]] = {
    "pyproject.toml": _pyproject,
    "setup.cfg": _setup_cfg,
    "setup.py": _setup_py,
    "environment.yml": _conda,
    "environment.yaml": _conda,
    "conda.yaml": _conda,
    "conda.yml": _conda,
    "Pipfile": _pipfile,
    "Pipfile.lock": _pipfile_lock,
    "poetry.lock": _lock,
    "uv.lock": _lock,
    "pdm.lock": _lock,
    "conda-lock.yml": _conda_lock,
    "conda-lock.yaml": _conda_lock,
}
