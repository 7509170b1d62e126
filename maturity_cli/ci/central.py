"""Central policies: ``extends`` base policies, ``locked`` targets and waiver governance.

An organisation keeps a base policy in a shared folder or an installed package; each
team's ``.maturity.yml`` extends it::

    extends: ../platform/maturity-base.yml     # or package:org_policies/maturity.yml

Merging (bases first, in order, then the team's file):

* a team target with the key of a base target replaces it, unless the base target
  is ``locked: true``: then a lower level (or a warning instead of an error) is an
  error, and a stricter one is checked as well as the locked one;
* a team waiver for a locked target is an error; waivers written in a base apply;
* waiver governance (``require_expiry``, ``require_owner``, ``max_waiver_days``) is the
  strictest of all the files and applies to every waiver.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from importlib import resources
from pathlib import Path

from maturity_cli.ci.policy import Governance, Policy, Target, Waiver, load_policy, loosens
from maturity_cli.errors import InvalidFile, Problem, ProblemList

_MAX_DEPTH = 10


def load_central(path: Path) -> Policy:
    """Load a policy and, recursively, the base policies it extends, merged."""
    return _load(path, ())


def _load(path: Path, chain: tuple[Path, ...]) -> Policy:
    own = load_policy(path)
    key = path.resolve()
    if key in chain or len(chain) > _MAX_DEPTH:
        raise InvalidFile(
            Problem(
                "policy 'extends' goes round in a circle (or too deep)",
                file=str(path),
                hint="chain: " + " -> ".join(str(p) for p in (*chain, key)),
            )
        )
    bases = [_load(_base_path(ref, path), (*chain, key)) for ref in own.extends]
    return merge(bases, own) if bases else own


def _base_path(ref: str, policy: Path) -> Path:
    """``package:NAME/PATH`` inside an installed package, else a path relative to the policy."""
    if ref.startswith("package:"):
        package, _, inner = ref.removeprefix("package:").partition("/")
        try:
            return Path(str(resources.files(package).joinpath(inner)))
        except (ModuleNotFoundError, TypeError, ValueError):
            raise InvalidFile(
                Problem(
                    f"extends: cannot find package {package!r}",
                    file=str(policy),
                    hint="install it in the same environment as maturity-cli, or give a path",
                )
            ) from None
    return policy.parent / ref


def merge(bases: list[Policy], own: Policy) -> Policy:
    """Bases first, then ``own``; raise ``InvalidFile`` if ``own`` loosens a locked target."""
    targets = [t for b in bases for t in b.targets]
    waivers = [replace(w, from_base=True) for b in bases for w in b.waivers]
    problems = ProblemList()
    for t in own.targets:
        same = [b for b in targets if b.key == t.key]
        locked = [b for b in same if b.locked]
        for b in locked:
            if loosens(t, b):
                problems.add(_locked_problem(t, b, f"cannot lower target {b.label}"))
        if not locked:
            targets = [b for b in targets if b.key != t.key]
        targets.append(t)
    locked_keys = {t.key: t for t in targets if t.locked}
    for w in own.waivers:
        if w.target in locked_keys:
            problems.add(_locked_problem(w, locked_keys[w.target], f"cannot waive {w.target}"))
        waivers.append(w)
    problems.raise_if_any()
    rules = [own.governance, *(b.governance for b in bases)]
    days = [r.max_waiver_days for r in rules if r.max_waiver_days is not None]
    governance = Governance(
        require_expiry=any(r.require_expiry for r in rules),
        require_owner=any(r.require_owner for r in rules),
        max_waiver_days=min(days) if days else None,
    )
    # Evidence rules: the policy's own, else the nearest base's.
    evidence = next((p.evidence for p in (own, *reversed(bases)) if p.evidence), None)
    return replace(
        own,
        targets=tuple(targets),
        waivers=tuple(waivers),
        governance=governance,
        evidence=evidence,
    )


def _locked_problem(item: Target | Waiver, base: Target, message: str) -> Problem:
    where = base.origin.location() if base.origin else "a base policy"
    o = item.origin
    return Problem(
        f"{message}: it is locked by the central policy ({where})",
        file=o.file if o else None,
        line=o.line if o else None,
        column=o.column if o else None,
        hint="a team policy may raise a locked target, never lower or waive it",
    )


def govern(policy: Policy, today: dt.date) -> None:
    """Raise ``InvalidFile`` for waivers that break the policy's governance rules."""
    rules = policy.governance
    problems = ProblemList()
    for w in policy.waivers:
        broken: list[str] = []
        if rules.require_owner and not w.owner.strip():
            broken.append("it needs an 'owner' (require_owner)")
        if w.expires is None and (rules.require_expiry or rules.max_waiver_days is not None):
            broken.append("it needs an 'expires' date (require_expiry, max_waiver_days)")
        limit = rules.max_waiver_days
        if limit is not None and w.expires is not None and (w.expires - today).days > limit:
            broken.append(
                f"it expires {(w.expires - today).days} days from {today.isoformat()}, "
                f"more than max_waiver_days ({limit})"
            )
        if broken:
            o = w.origin
            problems.add(
                Problem(
                    f"waiver for {w.target}: " + "; ".join(broken),
                    file=o.file if o else None,
                    line=o.line if o else None,
                    column=o.column if o else None,
                    hint="waivers are temporary and owned: give an owner and a near expiry date",
                )
            )
    problems.raise_if_any()
