#!/usr/bin/python3
"""Compare Fluxion's printed derivatives with SymPy's.

Reads the TSV written by dev.fluxion.benchmarks.symbolic.DerivativeSizeReport (columns: name,
variables, forward, variable, derivative, domain), and for every row:

  * parses Fluxion's forward math text into SymPy (``^``, ``let`` lines, and Fluxion's function
    names mapped to SymPy expressions: sigmoid -> 1/(1+exp(-x)), softplus -> log(1+exp(x)),
    relu -> Max(x, 0), log1p, expm1, rsqrt, reciprocal, square, erf, atan2, maximum, minimum,
    where -> Piecewise) and takes SymPy's ``diff`` as SymPy returns it (no simplification);
  * measures both derivatives with ``sympy.count_ops``: SymPy's derivative as one expression;
    Fluxion's as the sum over its ``let`` right-hand sides and its final expression, each parsed
    as printed (unevaluated, so SymPy's automatic canonicalisation neither shrinks nor grows it),
    with ``let`` names as plain symbols and every Fluxion call counted as one operation;
  * evaluates both derivatives at random points of the row's domain with 30-digit arithmetic and
    checks they agree to a relative 1e-9.

Prints a Markdown table and the share of rows where Fluxion's derivative is no larger than
SymPy's. Exit status: 1 when some derivatives disagree (or the share is below --min-share), else 0.

Usage: /usr/bin/python3 compare_derivatives.py derivatives.tsv [--points 5] [--seed 1] [--min-share 0.9]
"""

import argparse
import random
import re
import sys

import sympy as sp

# ---- the Fluxion expression language: tokens and a precedence-climbing parser ------------------

TOKEN = re.compile(r"\s*(?:(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
                   r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
                   r"|(?P<op><=|>=|==|!=|[-+*/^@()\[\],=:<>']))")
COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")


def tokenize(text):
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise SyntaxError("cannot read %r at column %d of %r" % (text[pos:pos + 10], pos + 1, text))
        kind = m.lastgroup
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    tokens.append(("end", ""))
    return tokens


class Parser:
    """The grammar of MathPrinter's Javadoc, for scalar expressions (no slices, transposes or literals).

    Produces a small AST of tuples: ("num", text), ("name", id), ("neg", e), ("bin", op, a, b),
    ("call", name, args, kwargs).
    """

    def __init__(self, text):
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self):
        return self.tokens[self.pos][1] if self.tokens[self.pos][0] != "end" else None

    def take(self, expected=None):
        kind, value = self.tokens[self.pos]
        if expected is not None and value != expected:
            raise SyntaxError("expected %r but found %r" % (expected, value or "end of text"))
        self.pos += 1
        return kind, value

    def parse(self):
        e = self.expr()
        if self.tokens[self.pos][0] != "end":
            raise SyntaxError("unexpected %r" % self.peek())
        return e

    def expr(self):                      # add (CMP add)?   non-associative
        left = self.add()
        if self.peek() in COMPARISONS:
            op = self.take()[1]
            left = ("bin", op, left, self.add())
        return left

    def add(self):                       # mul (('+' | '-') mul)*
        left = self.mul()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            left = ("bin", op, left, self.mul())
        return left

    def mul(self):                       # unary (('*' | '/' | '@') unary)*
        left = self.unary()
        while self.peek() in ("*", "/", "@"):
            op = self.take()[1]
            left = ("bin", op, left, self.unary())
        return left

    def unary(self):                     # '-' unary | power
        if self.peek() == "-":
            self.take()
            return ("neg", self.unary())
        return self.power()

    def power(self):                     # postfix ('^' unary)?   right-associative
        base = self.primary()
        if self.peek() in ("'", "["):
            raise SyntaxError("transposes and slices are not scalar expressions")
        if self.peek() == "^":
            self.take()
            return ("bin", "^", base, self.unary())
        return base

    def primary(self):
        kind, value = self.take()
        if kind == "num":
            return ("num", value)
        if kind == "name":
            if self.peek() != "(":
                return ("name", value)
            self.take("(")
            args, kwargs = [], {}
            while self.peek() != ")":
                if args or kwargs:
                    self.take(",")
                if self.tokens[self.pos][0] == "name" and self.tokens[self.pos + 1][1] == "=":
                    key = self.take()[1]
                    self.take("=")
                    kwargs[key] = self.expr()
                else:
                    args.append(self.expr())
            self.take(")")
            return ("call", value, args, kwargs)
        if value == "(":
            e = self.expr()
            self.take(")")
            return e
        raise SyntaxError("unexpected %r" % value)


def parse_program(text):
    """Splits math text into its let bindings [(name, ast)] and its result ast."""
    lines = [line for line in text.split("\n") if line.strip()]
    lets = []
    for line in lines[:-1]:
        m = re.match(r"\s*let\s+([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$", line)
        if not m:
            raise SyntaxError("expected a let line: %r" % line)
        lets.append((m.group(1), Parser(m.group(2)).parse()))
    return lets, Parser(lines[-1]).parse()


# ---- two readings of the AST: the mathematics, and the text as printed ---------------------------

SEMANTIC_CALLS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt,
    "abs": sp.Abs, "sign": sp.sign, "erf": sp.erf, "atan2": sp.atan2, "maximum": sp.Max, "minimum": sp.Min,
    "sigmoid": lambda x: 1 / (1 + sp.exp(-x)),
    "softplus": lambda x: sp.log(1 + sp.exp(x)),
    "relu": lambda x: sp.Max(x, 0),
    "log1p": lambda x: sp.log(1 + x),
    "expm1": lambda x: sp.exp(x) - 1,
    "rsqrt": lambda x: 1 / sp.sqrt(x),
    "reciprocal": lambda x: 1 / x,
    "square": lambda x: x ** 2,
    "where": lambda c, a, b: sp.Piecewise((a, c), (b, True)),
}
RELATIONS = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "==": sp.Eq, "!=": sp.Ne}


def number(text):
    if text == "inf":
        return sp.oo
    if text == "nan":
        return sp.nan
    if re.fullmatch(r"\d+", text):
        return sp.Integer(text)
    return sp.Float(text, 30)


def symbol(name):
    # real symbols: the corpus is real-valued, and SymPy differentiates Abs and sign sensibly then
    return sp.Symbol(name, real=True)


def to_sympy(ast, env, printed):
    """SymPy expression of an AST. printed=False: the mathematics, evaluated the way SymPy
    evaluates (names looked up in env first). printed=True: the text as printed, unevaluated,
    every call an opaque function, for counting operations."""
    kind = ast[0]
    if kind == "num":
        return number(ast[1])
    if kind == "name":
        if ast[1] in ("inf", "nan"):
            return number(ast[1])
        if ast[1] in ("true", "false"):
            return sp.true if ast[1] == "true" else sp.false
        return env.get(ast[1]) if ast[1] in env else symbol(ast[1])
    if kind == "neg":
        x = to_sympy(ast[1], env, printed)
        if printed and ast[1][0] == "num":
            return -x   # "-4" is how a negative constant prints: a number, not an operation on one
        return sp.Mul(-1, x, evaluate=False) if printed else -x
    if kind == "bin":
        op, a, b = ast[1], to_sympy(ast[2], env, printed), to_sympy(ast[3], env, printed)
        if op in RELATIONS:
            return RELATIONS[op](a, b, evaluate=not printed)
        if not printed:
            return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b,
                    "^": lambda: a ** b}[op]()
        return {"+": lambda: sp.Add(a, b, evaluate=False),
                "-": lambda: sp.Add(a, sp.Mul(-1, b, evaluate=False), evaluate=False),
                "*": lambda: sp.Mul(a, b, evaluate=False),
                "/": lambda: sp.Mul(a, sp.Pow(b, -1, evaluate=False), evaluate=False),
                "^": lambda: sp.Pow(a, b, evaluate=False)}[op]()
    if kind == "call":
        name, args = ast[1], [to_sympy(a, env, printed) for a in ast[2]]
        if ast[3]:
            raise SyntaxError("%s: keyword arguments are not scalar" % name)
        if printed:
            return sp.Function(name)(*args)
        if name not in SEMANTIC_CALLS:
            raise SyntaxError("no SymPy meaning for %s(...)" % name)
        return SEMANTIC_CALLS[name](*args)
    raise SyntaxError("unknown node %r" % (ast,))


def forward_expression(text):
    """The function as one SymPy expression, let bindings substituted."""
    lets, result = parse_program(text)
    env = {}
    for name, rhs in lets:
        env[name] = to_sympy(rhs, env, printed=False)
    return to_sympy(result, env, printed=False)


def printed_size(text):
    """count_ops over each let right-hand side and the result, as printed."""
    lets, result = parse_program(text)
    return sum(sp.count_ops(to_sympy(rhs, {}, printed=True)) for _, rhs in lets) + \
        sp.count_ops(to_sympy(result, {}, printed=True))


def evaluate_program(text, point):
    """The value of math text at a point ({Symbol: Float}), let by let, with 30-digit arithmetic."""
    lets, result = parse_program(text)
    values = dict(point)

    def value(ast):
        v = to_sympy(ast, {}, printed=False).xreplace(values)
        return v.evalf(30) if isinstance(v, sp.Expr) else v   # a comparison's value stays a boolean

    for name, rhs in lets:
        values[symbol(name)] = value(rhs)
    return value(result)


def agree(a, b, rel=1e-9):
    a, b = complex(a), complex(b)
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


# ---- the comparison --------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tsv", help="output of DerivativeSizeReport")
    ap.add_argument("--points", type=int, default=5, help="random points per derivative (default 5)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min-share", type=float, default=0.0,
                    help="fail when the share of rows with Fluxion no larger is below this (e.g. 0.9)")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    with open(args.tsv, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]

    print("| function | variable | SymPy ops | Fluxion ops | values agree |")
    print("|---|---|---:|---:|:---:|")
    no_larger = agreeing = sympy_total = fluxion_total = 0
    forwards = {}
    for row in rows:
        forward_text = row["forward"].replace("\\n", "\n")
        derivative_text = row["derivative"].replace("\\n", "\n")
        variables = [symbol(v) for v in row["variables"].split(",")]
        lo, hi = (float(x) for x in row.get("domain", "0.5,2.0").split(","))
        if forward_text not in forwards:
            forwards[forward_text] = forward_expression(forward_text)
        sympy_derivative = sp.diff(forwards[forward_text], symbol(row["variable"]))
        sympy_ops = sp.count_ops(sympy_derivative)
        fluxion_ops = printed_size(derivative_text)
        ok = True
        for _ in range(args.points):
            point = {v: sp.Float(rng.uniform(lo, hi), 30) for v in variables}
            ok &= agree(sympy_derivative.xreplace(point).evalf(30), evaluate_program(derivative_text, point))
        no_larger += fluxion_ops <= sympy_ops
        agreeing += ok
        sympy_total += sympy_ops
        fluxion_total += fluxion_ops
        print("| %s | %s | %d | %d | %s |" % (row["name"], row["variable"], sympy_ops, fluxion_ops, "yes" if ok else "**no**"))

    n = len(rows)
    share = no_larger / n if n else 0.0
    print()
    print("Fluxion's derivative is no larger than SymPy's in %d of %d cases (%.1f%%; target 90%%)."
          % (no_larger, n, 100 * share))
    print("Total operations: SymPy %d, Fluxion %d. Values agree in %d of %d cases." % (sympy_total, fluxion_total, agreeing, n))
    return 1 if agreeing < n or share < args.min_share else 0


if __name__ == "__main__":
    sys.exit(main())
