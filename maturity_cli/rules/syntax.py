"""Parser for the rule language used in ``when``, ``rule`` and recommendation conditions.

The grammar is deliberately small (see ``docs/questionnaire-format.md``)::

    expr       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") operand)?
    operand    := NUMBER | STRING | "true" | "false" | "yes" | "no" | list | NAME | NAME "(" args ")"
                | "(" expr ")"
    list       := "[" (operand ("," operand)*)? "]"

Parsing produces an immutable syntax tree; :mod:`maturity_cli.rules.rule` type-checks it
against a questionnaire and compiles it to closures. Nothing here ever reaches
``eval`` or ``exec``.
"""

from __future__ import annotations

import re

import msgspec

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "yes", "no"})

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
  | (?P<bad>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class ExpressionError(Exception):
    """A problem in a rule, at a character offset within its text."""

    def __init__(self, message: str, offset: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


class Token(msgspec.Struct, frozen=True):
    kind: str
    text: str
    pos: int


class Literal(msgspec.Struct, frozen=True):
    value: bool | int | float | str
    pos: int


class ListLit(msgspec.Struct, frozen=True):
    items: tuple[Literal, ...]
    pos: int


class Name(msgspec.Struct, frozen=True):
    id: str
    pos: int


class Call(msgspec.Struct, frozen=True):
    func: str
    args: tuple[Node, ...]
    pos: int


class Not(msgspec.Struct, frozen=True):
    operand: Node
    pos: int


class BoolOp(msgspec.Struct, frozen=True):
    op: str  # "and" | "or"
    operands: tuple[Node, ...]
    pos: int


class Compare(msgspec.Struct, frozen=True):
    op: str
    left: Node
    right: Node
    pos: int


Node = Literal | ListLit | Name | Call | Not | BoolOp | Compare

MAX_LENGTH = 2000
MAX_DEPTH = 50


def tokenize(text: str) -> list[Token]:
    """Split a rule into tokens, rejecting anything outside the language."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"rule is longer than {MAX_LENGTH} characters", 0)
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "bad"
        value = match.group()
        if kind == "space":
            continue
        if kind == "bad":
            hint = None
            if value == "=":
                hint = "use '==' to compare"
            elif value == "&" or value == "|":
                hint = "use 'and' / 'or'"
            elif value == "!":
                hint = "use 'not' or '!='"
            raise ExpressionError(f"unexpected character {value!r}", match.start(), hint)
        tokens.append(Token(kind, value, match.start()))
    tokens.append(Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def _advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def _is(self, kind: str, text: str | None = None) -> bool:
        tok = self.tok
        return tok.kind == kind and (text is None or tok.text == text)

    def _expect(self, kind: str, text: str, what: str) -> Token:
        if not self._is(kind, text):
            raise ExpressionError(
                f"expected {what}, found {self._describe(self.tok)}", self.tok.pos
            )
        return self._advance()

    @staticmethod
    def _describe(tok: Token) -> str:
        return "the end of the rule" if tok.kind == "end" else repr(tok.text)

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise ExpressionError("the rule is empty", 0, "write a condition such as: x == true")
        node = self._or()
        if self.tok.kind != "end":
            hint = None
            if self.tok.kind == "name" and self.tok.text not in KEYWORDS:
                hint = "join conditions with 'and' or 'or'"
            raise ExpressionError(f"unexpected {self._describe(self.tok)}", self.tok.pos, hint)
        return node

    def _nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError("the rule is nested too deeply", self.tok.pos)

    def _or(self) -> Node:
        start = self.tok.pos
        items = [self._and()]
        while self._is("name", "or"):
            self._advance()
            items.append(self._and())
        return items[0] if len(items) == 1 else BoolOp("or", tuple(items), start)

    def _and(self) -> Node:
        start = self.tok.pos
        items = [self._not()]
        while self._is("name", "and"):
            self._advance()
            items.append(self._not())
        return items[0] if len(items) == 1 else BoolOp("and", tuple(items), start)

    def _not(self) -> Node:
        if self._is("name", "not"):
            tok = self._advance()
            self._nest()
            node = Not(self._not(), tok.pos)
            self.depth -= 1
            return node
        return self._comparison()

    def _comparison(self) -> Node:
        left = self._operand()
        tok = self.tok
        op: str | None = None
        if tok.kind == "op" and tok.text in ("==", "!=", "<=", ">=", "<", ">"):
            op = tok.text
            self._advance()
        elif self._is("name", "in"):
            op = "in"
            self._advance()
        elif self._is("name", "not") and self.tokens[self.i + 1].text == "in":
            op = "not in"
            self._advance()
            self._advance()
        if op is None:
            return left
        right = self._operand()
        if self.tok.kind == "op" and self.tok.text in ("==", "!=", "<=", ">=", "<", ">"):
            raise ExpressionError(
                "comparisons cannot be chained", self.tok.pos, "write 'a < b and b < c'"
            )
        return Compare(op, left, right, tok.pos)

    def _operand(self) -> Node:
        tok = self.tok
        if tok.kind == "number":
            self._advance()
            number = float(tok.text) if "." in tok.text else int(tok.text)
            return Literal(number, tok.pos)
        if tok.kind == "string":
            self._advance()
            return Literal(_unquote(tok.text), tok.pos)
        if tok.kind == "op" and tok.text == "(":
            self._advance()
            self._nest()
            node = self._or()
            self.depth -= 1
            self._expect("op", ")", "')'")
            return node
        if tok.kind == "op" and tok.text == "[":
            return self._list()
        if tok.kind == "name":
            if tok.text in ("true", "false", "yes", "no"):
                self._advance()
                return Literal(tok.text in ("true", "yes"), tok.pos)
            if tok.text in KEYWORDS:
                raise ExpressionError(f"unexpected keyword {tok.text!r}", tok.pos)
            self._advance()
            if self._is("op", "("):
                return self._call(tok)
            return Name(tok.text, tok.pos)
        raise ExpressionError(
            f"expected a value, a question id or '(', found {self._describe(tok)}", tok.pos
        )

    def _call(self, name: Token) -> Node:
        self._advance()  # "("
        args: list[Node] = []
        if not self._is("op", ")"):
            args.append(self._operand())
            while self._is("op", ","):
                self._advance()
                args.append(self._operand())
        self._expect("op", ")", "',' or ')'")
        return Call(name.text, tuple(args), name.pos)

    def _list(self) -> Node:
        start = self._advance().pos
        items: list[Literal] = []
        if not self._is("op", "]"):
            items.append(self._list_item())
            while self._is("op", ","):
                self._advance()
                items.append(self._list_item())
        self._expect("op", "]", "',' or ']'")
        return ListLit(tuple(items), start)

    def _list_item(self) -> Literal:
        node = self._operand()
        if not isinstance(node, Literal):
            raise ExpressionError("a list may only hold plain values", node.pos)
        return node


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def parse(text: str) -> Node:
    """Parse a rule into a syntax tree, or raise :class:`ExpressionError`."""
    return _Parser(text).parse()
