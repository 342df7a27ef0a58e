package dev.fluxion.compiler.codegen.java;

import dev.fluxion.compiler.codegen.LocalNames;
import dev.fluxion.compiler.codegen.model.ArrayVar;
import dev.fluxion.compiler.codegen.model.ClassModel;
import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.MathFunction;
import dev.fluxion.compiler.codegen.model.MethodModel;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.codegen.java.JavaExport.Port;
import dev.fluxion.compiler.ir.TensorType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The members of one entry of an exported class: its size constants, its convenience method, its
 * allocation-free {@code Into} method(s) and its private helpers (the model's other methods,
 * renamed with the entry's prefix).
 */
final class EntryWriter {
    private final String entry;
    private final ClassModel model;
    private final List<Port> inputs;
    private final List<Port> outputs;
    private final String formula;
    private final boolean needsWork;
    private final boolean checksIndices;
    /** True when the model stores into {@code in}; the convenience method then never passes the caller's array as it. */
    private final boolean writesInputs;
    private final Map<String, String> methodNames = new HashMap<>();
    private final JavaSourcePrinter printer;
    final String inSize;
    final String outSize;
    final String workSize;

    /**
     * @param formula      the computed function as math text, for a comment, or null
     * @param takenMethods method names of the class so far; the helpers' names are added to it
     */
    EntryWriter(String className, String entry, ClassModel model, List<Port> inputs, List<Port> outputs, String formula,
                Map<ArrayVar, String> constantFields, Set<String> takenMethods) {
        this.formula = formula;
        this.entry = entry;
        this.model = model.scalarForm(); // exported source depends on the JDK only: no vectors
        this.inputs = inputs;
        this.outputs = outputs;
        String prefix = JavaText.constantCase(entry);
        this.inSize = prefix + "_IN_SIZE";
        this.outSize = prefix + "_OUT_SIZE";
        this.workSize = prefix + "_WORK_SIZE";
        boolean work = false, checks = false, writesIn = false;
        for (MethodModel m : this.model.methods()) {
            work |= mentions(m.body(), ArrayVar.WORK);
            checks |= hasIndexCheck(m.body());
            writesIn |= writes(m.body(), ArrayVar.IN);
        }
        this.needsWork = work;
        this.checksIndices = checks;
        this.writesInputs = writesIn;
        for (MethodModel m : this.model.methods()) {
            if (m.name().equals(model.entry())) {
                methodNames.put(m.name(), entry + "Into");
                continue;
            }
            String base = entry + JavaText.capitalize(LocalNames.sanitize(m.name()));
            String name = base;
            for (int k = 2; !takenMethods.add(name); k++) name = base + "_" + k;
            methodNames.put(m.name(), name);
        }
        this.printer = new JavaSourcePrinter(className, methodNames::get, constantFields, needsWork);
    }

    /** The special functions the printed methods call (complete once {@link #printMethods} ran). */
    Set<MathFunction> specialFunctionsUsed() {
        return printer.specialFunctionsUsed();
    }

    void printSizeConstants(CodeWriter w) {
        w.javadoc(List.of("Number of doubles {@code " + entry + "Into} reads from {@code in}: " + layout(inputs, model.inputOffsets()) + "."));
        w.line("public static final int " + inSize + " = " + model.inputSize() + ";");
        w.javadoc(List.of("Number of doubles {@code " + entry + "Into} writes to {@code out}: " + layout(outputs, model.outputOffsets()) + "."));
        w.line("public static final int " + outSize + " = " + model.outputSize() + ";");
        if (needsWork) {
            w.javadoc(List.of("Doubles of scratch space {@code " + entry + "Into(in, out, work)} needs."));
            w.line("public static final int " + workSize + " = " + model.workSize() + ";");
        }
    }

    void printMethods(CodeWriter w) {
        w.blank();
        w.line("// ---- " + entry + " " + "-".repeat(Math.max(4, 90 - entry.length())));
        if (formula == null) {
            w.comment(model.description());
        } else {
            w.comment(model.description() + ":");
            for (String line : formula.split("\n")) w.comment("    " + line);
        }
        w.blank();
        printConvenience(w);
        w.blank();
        List<String> doc = new ArrayList<>();
        doc.add("Computes {@code " + entry + "} " + (needsWork ? "with the caller's scratch space, allocating nothing" : "without allocating")
                + ": reads {@code in}, writes {@code out}.");
        doc.add("");
        doc.add("@param in  the inputs flattened row-major and concatenated, " + inSize + " doubles: " + layout(inputs, model.inputOffsets()));
        doc.add("@param out receives the outputs likewise, " + outSize + " doubles: " + layout(outputs, model.outputOffsets()));
        if (needsWork) doc.add("@param work scratch space of at least " + workSize + " doubles, whatever it holds; one array per thread");
        if (checksIndices) doc.add("@throws IndexOutOfBoundsException if a gather or scatter index is out of range");
        if (needsWork) {
            List<String> shortDoc = new ArrayList<>();
            shortDoc.add("Computes {@code " + entry + "} like {@link #" + entry + "Into(double[], double[], double[])}, allocating "
                    + workSize + " doubles of scratch space per call.");
            shortDoc.add("");
            shortDoc.addAll(doc.subList(2, 4));
            w.javadoc(shortDoc);
            w.open("public static void " + entry + "Into(double[] in, double[] out)");
            w.line(entry + "Into(in, out, new double[" + workSize + "]);");
            w.close();
            w.blank();
        }
        printer.printMethod(w, model.method(model.entry()), "public static", doc);
        for (MethodModel m : model.methods()) {
            if (m.name().equals(model.entry())) continue;
            w.blank();
            printer.printMethod(w, m, "private static", m.doc() == null || m.doc().isEmpty() ? List.of() : List.of(m.doc()));
        }
    }

    /** {@code e(x, y)}: named parameters, a fresh output array, and the scalar result unwrapped. */
    private void printConvenience(CodeWriter w) {
        List<String> params = new ArrayList<>();
        Set<String> used = new HashSet<>();
        List<String> doc = new ArrayList<>();
        doc.add("Computes {@code " + entry + "}.");
        doc.add("");
        for (Port p : inputs) {
            String name = LocalNames.sanitize(p.name());
            for (int k = 2; !used.add(name); k++) name = LocalNames.sanitize(p.name()) + "_" + k;
            params.add(name);
            doc.add("@param " + name + " input {@code " + JavaText.html(p.name()) + "}: " + describe(p.type()));
        }
        boolean scalarResult = outputs.size() == 1 && outputs.get(0).type().rank() == 0;
        doc.add("@return " + (scalarResult ? "{@code " + JavaText.html(outputs.get(0).name()) + "}: " + outputs.get(0).type()
                : "a new array of " + outSize + " doubles: " + layout(outputs, model.outputOffsets())));
        if (inputs.stream().anyMatch(p -> p.type().rank() > 0)) {
            doc.add("@throws IllegalArgumentException if an array argument does not have its input's number of elements");
        }
        if (checksIndices) doc.add("@throws IndexOutOfBoundsException if a gather or scatter index is out of range");
        w.javadoc(doc);

        StringBuilder signature = new StringBuilder("public static " + (scalarResult ? "double " : "double[] ") + entry + "(");
        for (int i = 0; i < params.size(); i++) {
            signature.append(i > 0 ? ", " : "").append(inputs.get(i).type().rank() == 0 ? "double " : "double[] ").append(params.get(i));
        }
        signature.append(")");
        if (signature.length() + 4 * w.depth() + 2 > 110 && !params.isEmpty()) {
            w.line("public static " + (scalarResult ? "double " : "double[] ") + entry + "(");
            for (int i = 0; i < params.size(); i++) {
                w.line("        " + (inputs.get(i).type().rank() == 0 ? "double " : "double[] ") + params.get(i)
                        + (i + 1 < params.size() ? "," : ") {"));
            }
            w.indent();
        } else {
            w.open(signature.toString());
        }
        int[] off = model.inputOffsets();
        for (int i = 0; i < inputs.size(); i++) {
            TensorType t = inputs.get(i).type();
            if (t.rank() == 0) continue;
            w.open("if (" + params.get(i) + ".length != " + t.numel() + ")");
            w.line("throw new IllegalArgumentException(" + JavaText.stringLiteral(inputs.get(i).name() + " must hold " + t.numel()
                    + (t.numel() == 1 ? " double (" : " doubles (") + t + ", row-major) but holds ") + " + " + params.get(i) + ".length);");
            w.close();
        }
        String in;
        if (inputs.size() == 1 && inputs.get(0).type().rank() > 0 && !writesInputs) {
            in = params.get(0);   // the one array already is the flat input
        } else {
            in = "in";
            w.line("double[] in = new double[" + inSize + "];");
            for (int i = 0; i < inputs.size(); i++) {
                TensorType t = inputs.get(i).type();
                if (t.rank() == 0) w.line("in[" + off[i] + "] = " + params.get(i) + ";");
                else w.line("System.arraycopy(" + params.get(i) + ", 0, in, " + off[i] + ", " + t.numel() + ");");
            }
        }
        w.line("double[] out = new double[" + outSize + "];");
        w.line(entry + "Into(" + in + ", out);");
        w.line(scalarResult ? "return out[0];" : "return out;");
        w.close();
    }

    private static String describe(TensorType t) {
        return t.rank() == 0 ? t + " (a scalar)" : t + ", " + t.numel() + (t.numel() == 1 ? " double" : " doubles row-major");
    }

    /** {@code x (f64[]) at [0], y (f64[2,3]) at [1, 7)}. */
    private static String layout(List<Port> ports, int[] offsets) {
        if (ports.isEmpty()) return "none";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ports.size(); i++) {
            if (i > 0) sb.append(", ");
            int from = offsets[i], to = offsets[i + 1];
            sb.append("{@code ").append(JavaText.html(ports.get(i).name())).append("} (").append(ports.get(i).type()).append(") at ");
            sb.append(to - from == 1 ? "[" + from + "]" : "[" + from + ", " + to + ")");
        }
        return sb.toString();
    }

    private static boolean mentions(List<Stmt> body, ArrayVar array) {
        ArrayDeque<List<Stmt>> blocks = new ArrayDeque<>();
        ArrayDeque<Expr> exprs = new ArrayDeque<>();
        blocks.push(body);
        while (!blocks.isEmpty()) {
            for (Stmt s : blocks.pop()) {
                if (s instanceof Stmt.Assign a) exprs.push(a.value());
                if (s instanceof Stmt.Store st) {
                    if (st.array().equals(array)) return true;
                    exprs.push(st.index());
                    exprs.push(st.value());
                }
                if (s instanceof Stmt.Loop l) {
                    exprs.push(l.from());
                    exprs.push(l.to());
                    blocks.push(l.body());
                }
                if (s instanceof Stmt.CheckIndex c) exprs.push(c.index());
            }
        }
        while (!exprs.isEmpty()) {
            Expr e = exprs.pop();
            if (e instanceof Expr.Load l) {
                if (l.array().equals(array)) return true;
                exprs.push(l.index());
            } else if (e instanceof Expr.Unary u) {
                exprs.push(u.operand());
            } else if (e instanceof Expr.Binary b) {
                exprs.push(b.left());
                exprs.push(b.right());
            } else if (e instanceof Expr.Call c) {
                c.args().forEach(exprs::push);
            } else if (e instanceof Expr.Conditional c) {
                exprs.push(c.left());
                exprs.push(c.right());
                exprs.push(c.ifTrue());
                exprs.push(c.ifFalse());
            }
        }
        return false;
    }

    private static boolean writes(List<Stmt> body, ArrayVar array) {
        ArrayDeque<List<Stmt>> blocks = new ArrayDeque<>();
        blocks.push(body);
        while (!blocks.isEmpty()) {
            for (Stmt s : blocks.pop()) {
                if (s instanceof Stmt.Store st && st.array().equals(array)) return true;
                if (s instanceof Stmt.Loop l) blocks.push(l.body());
            }
        }
        return false;
    }

    private static boolean hasIndexCheck(List<Stmt> body) {
        ArrayDeque<List<Stmt>> blocks = new ArrayDeque<>();
        blocks.push(body);
        while (!blocks.isEmpty()) {
            for (Stmt s : blocks.pop()) {
                if (s instanceof Stmt.CheckIndex) return true;
                if (s instanceof Stmt.Loop l) blocks.push(l.body());
            }
        }
        return false;
    }
}
