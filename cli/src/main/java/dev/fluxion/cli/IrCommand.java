package dev.fluxion.cli;

import dev.fluxion.compiler.ir.Graph;

import picocli.CommandLine.Command;

/** {@code fluxion ir}: the function's IR after the optimisation passes; {@code eval} with {@code --emit ir} as default. */
@Command(name = "ir", description = "Prints the function's IR (after the passes unless --no-opt).")
final class IrCommand extends FunctionCommand {
    @Override
    Derived derive(Graph f, boolean values) {
        return new Derived(f, outputLabels(f));
    }

    @Override
    Emit defaultEmit() {
        return Emit.ir;
    }
}
