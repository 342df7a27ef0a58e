package dev.fluxion.cli;

import dev.fluxion.compiler.ir.Graph;

import picocli.CommandLine.Command;

/** {@code fluxion eval}: the function itself, evaluated at {@code --at} (or printed with {@code --emit}). */
@Command(name = "eval", description = "Evaluates the function at --at (or prints it with --emit).")
final class EvalCommand extends FunctionCommand {
    @Override
    Derived derive(Graph f, boolean values) {
        return new Derived(f, outputLabels(f));
    }
}
