package dev.fluxion.cli;

/** What a command writes: the numbers at {@code --at}, the IR text, the math text, or Graphviz DOT. */
public enum Emit {
    value, ir, expr, dot
}
