package dev.fluxion.benchmarks.symbolic;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.passes.PassManager;
import dev.fluxion.compiler.print.MathPrinter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes Fluxion's derivative of every {@link TextbookCorpus} function with respect to each of its
 * variables as math text, for {@code benchmarks/sympy/compare_derivatives.py} to compare with
 * SymPy's. Each derivative is {@link ReverseMode#vjp} with respect to that one variable, then
 * {@link PassManager#standard()}, then {@link MathPrinter}.
 *
 * <p>Usage: {@code DerivativeSizeReport OUT.tsv}. The TSV has a header line and one row per
 * (function, variable) with the columns {@code name}, {@code variables} (comma-separated),
 * {@code forward} (the function's math text), {@code variable}, {@code derivative} and
 * {@code domain} ({@code lo,hi}: the interval test points are drawn from). Line breaks inside math
 * text (after {@code let} lines) are written as the two characters {@code \n}; math text has no
 * backslashes or tabs of its own.
 */
public final class DerivativeSizeReport {
    private DerivativeSizeReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DerivativeSizeReport OUT.tsv");
            System.exit(2);
        }
        PassManager passes = PassManager.standard();
        int rows = 0;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8))) {
            out.print("name\tvariables\tforward\tvariable\tderivative\tdomain\n");
            for (TextbookCorpus.Function f : TextbookCorpus.all()) {
                String forward = escape(MathPrinter.print(f.graph()));
                for (int i = 0; i < f.variables().size(); i++) {
                    Graph d = ReverseMode.vjp(f.graph(), new ReverseMode.Options().wrt(i)).graph();
                    String derivative = escape(MathPrinter.print(passes.optimize(d)));
                    out.print(f.name() + '\t' + String.join(",", f.variables()) + '\t' + forward + '\t'
                            + f.variables().get(i) + '\t' + derivative + '\t' + f.lo() + ',' + f.hi() + '\n');
                    rows++;
                }
            }
        }
        System.out.println("wrote " + rows + " derivatives of " + TextbookCorpus.all().size() + " functions to " + args[0]);
    }

    private static String escape(String mathText) {
        return mathText.replace("\n", "\\n");
    }
}
