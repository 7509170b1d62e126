"""Type-checking and compiling rule expressions into fast, safe closures.

Rules use three-valued logic: a comparison that involves a question with no usable
answer (unanswered, not asked, "don't know" or "not applicable") is *unknown*
(``None``). ``not`` keeps unknown unknown; ``and`` is false if any side is false,
``or`` is true if any side is true, otherwise unknown. A rule that ends unknown
does not hold. ``answered()``, ``unknown()``, ``not_applicable()`` and ``asked()``
are always true or false, so a rule can ask about the answer's status directly.
"""

from __future__ import annotations

import msgspec

from maturity_cli.rules.compiler import Compiler, kind_name, truth_hint
from maturity_cli.rules.syntax import BoolOp, ExpressionError, parse
from maturity_cli.rules.types import Compiled, Env, Ref, Scope, Truth


class Rule(msgspec.Struct, frozen=True):
    """A compiled rule: evaluate it, and say which facts made it hold."""

    source: str
    compiled: Compiled

    def evaluate(self, env: Env) -> Truth:
        """True, false, or None when the answers leave it unknown."""
        return self.compiled.fn(env)  # type: ignore[no-any-return]

    def holds(self, env: Env) -> bool:
        """Whether the rule holds; unknown counts as not holding."""
        return self.compiled.fn(env) is True

    @property
    def questions(self) -> tuple[str, ...]:
        """Question ids this rule reads, in order of appearance."""
        return tuple(r for r in self.compiled.refs if isinstance(r, str))

    def witnesses(self, env: Env) -> tuple[Ref, ...]:
        """The facts (question ids, or computed results) that made the rule hold."""
        out: list[Ref] = []
        _witness(self.compiled, env, out)
        return tuple(dict.fromkeys(out))


def _witness(c: Compiled, env: Env, out: list[Ref]) -> None:
    node = c.node
    if isinstance(node, BoolOp):
        if node.op == "and":
            for child in c.children:
                _witness(child, env, out)
        else:
            for child in c.children:
                if child.fn(env) is True:
                    _witness(child, env, out)
                    break
    else:
        out.extend(c.refs)


def compile_rule(text: str, scope: Scope) -> Rule:
    """Parse and type-check ``text`` in ``scope``; raise :class:`ExpressionError`."""
    if not isinstance(text, str):
        raise ExpressionError("a rule must be text", 0, "put the rule in quotes")
    compiled = Compiler(scope).compile(parse(text))
    if compiled.ty.kind != "bool":
        raise ExpressionError(
            f"this rule gives {kind_name(compiled.ty)}, but a condition must be true or false",
            compiled.node.pos,
            truth_hint(compiled.ty),
        )
    return Rule(text, compiled)
