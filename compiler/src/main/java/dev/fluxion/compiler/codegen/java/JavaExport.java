package dev.fluxion.compiler.codegen.java;

import dev.fluxion.compiler.codegen.LocalNames;
import dev.fluxion.compiler.codegen.Lowering;
import dev.fluxion.compiler.codegen.model.ArrayVar;
import dev.fluxion.compiler.codegen.model.ClassModel;
import dev.fluxion.compiler.codegen.model.ConstantArray;
import dev.fluxion.compiler.codegen.model.MathFunction;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.compiler.passes.PassManager;
import dev.fluxion.compiler.print.MathPrinter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Exports graphs as one Java class that depends on the JDK only: for shipping a function and its
 * derivatives to code that cannot depend on Fluxion or generate code at run time, or just to read
 * and debug them.
 *
 * <pre>{@code
 * String source = new JavaExport()
 *         .packageName("com.acme.model").className("Rosenbrock")
 *         .description("f(x, y) = (1 - x)^2 + 100 (y - x^2)^2")
 *         .entry("value", f)
 *         .entry("gradient", ReverseMode.grad(f))
 *         .source();
 * }</pre>
 *
 * <p>Each entry {@code e} (lowered with {@link Lowering#lower}) becomes public static methods:
 * <ul>
 *   <li>{@code e(x, y, …)}: one parameter per graph input, named after it, a {@code double} for a
 *       0-d input and a row-major {@code double[]} otherwise; returns a {@code double} when the graph
 *       has one 0-d output, else a new {@code double[]} of every output flattened and concatenated;
 *   <li>{@code eInto(in, out)}: allocation-free over flat arrays ({@code in}: the inputs flattened
 *       row-major and concatenated; {@code out}: the outputs likewise), and, when the entry needs
 *       scratch space, {@code eInto(in, out, work)} with {@code E_WORK_SIZE} doubles of it (the
 *       two-array form then allocates it per call).
 * </ul>
 * plus {@code E_IN_SIZE}, {@code E_OUT_SIZE} (and {@code E_WORK_SIZE}) constants, under a comment
 * with the graph as math text when it is short ({@link MathPrinter}). Helper methods
 * (split parts of large graphs) are private and prefixed with the entry name, so entries never
 * collide; identical constant arrays are shared; the special functions (erf, sigmoid, softplus,
 * rsqrt) are copied in only when called.
 *
 * <p>Not thread-safe while being configured; the generated class is thread-safe.
 */
public final class JavaExport {
    /** A graph input or output as the exported methods document it. */
    public record Port(String name, TensorType type) {
        public Port {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** @param formula the graph as math text for the entry's comment, or null */
    private record Entry(String name, ClassModel model, List<Port> inputs, List<Port> outputs, String formula) {}

    /** Graphs up to this many nodes get their math text ({@link MathPrinter}) in a comment, when it is short. */
    private static final int FORMULA_MAX_NODES = 200;
    private static final int FORMULA_MAX_LINES = 12;
    private static final int FORMULA_MAX_CHARS = 1200;

    private String packageName = "";
    private String className;
    private String description = "";
    private boolean optimize;
    private final List<Entry> entries = new ArrayList<>();

    /** The package of the class: dotted Java identifiers, or empty for the unnamed package (the default). */
    public JavaExport packageName(String name) {
        if (!JavaText.isPackageName(name)) {
            throw new IllegalArgumentException("package name '" + name + "' is not a dotted sequence of Java identifiers (keywords are not allowed)");
        }
        this.packageName = name;
        return this;
    }

    /** The simple name of the class: a Java identifier that is not a keyword. Required. */
    public JavaExport className(String name) {
        if (!JavaText.isIdentifier(name)) throw new IllegalArgumentException("class name '" + name + "' is not a Java identifier (or is a keyword)");
        this.className = name;
        return this;
    }

    /** What the class computes, e.g. the function's expression; it heads the class's Javadoc. */
    public JavaExport description(String text) {
        this.description = Objects.requireNonNull(text, "description");
        return this;
    }

    /**
     * Whether to run {@link PassManager#forCodegen()} (constant folding, simplification, stable
     * rewrites, CSE, DCE, small powers as products) on the graphs of entries added after this call,
     * before lowering them; default false, for callers that pass graphs already optimised.
     */
    public JavaExport optimize(boolean on) {
        this.optimize = on;
        return this;
    }

    /** Adds an entry computing {@code graph}; outputs are documented as {@code output0}, {@code output1}, … */
    public JavaExport entry(String name, Graph graph) {
        List<String> outputNames = new ArrayList<>();
        for (int k = 0; k < graph.outputs().size(); k++) outputNames.add(graph.outputs().size() == 1 ? "result" : "output" + k);
        return entry(name, graph, outputNames);
    }

    /**
     * Adds an entry computing {@code graph}, its outputs documented under {@code outputNames}
     * (e.g. {@code d_x, d_y} for a gradient).
     *
     * @throws IllegalArgumentException if the name is not a Java identifier, is taken (by another
     *                                  entry or a helper of the class), or the output names do not
     *                                  match the outputs in number
     */
    public JavaExport entry(String name, Graph graph, List<String> outputNames) {
        if (outputNames.size() != graph.outputs().size()) {
            throw new IllegalArgumentException("entry '" + name + "': " + outputNames.size() + " output names for "
                    + graph.outputs().size() + " outputs");
        }
        checkEntryName(name);
        Graph g = optimize ? PassManager.forCodegen().run(graph).graph() : graph;
        List<Port> inputs = new ArrayList<>();
        for (Node in : g.inputs()) inputs.add(new Port(in.attrs().getString("name"), in.type()));
        List<Port> outputs = new ArrayList<>();
        for (int k = 0; k < g.outputs().size(); k++) outputs.add(new Port(outputNames.get(k), g.output(k).type()));
        ClassModel model = Lowering.lower(g);
        checkLayout(name, "input", inputs, model.inputOffsets());
        checkLayout(name, "output", outputs, model.outputOffsets());
        entries.add(new Entry(name, model, List.copyOf(inputs), List.copyOf(outputs), formula(g)));
        return this;
    }

    /** The graph as math text when that is short enough to read in a comment, else null. */
    private static String formula(Graph g) {
        if (g.size() > FORMULA_MAX_NODES) return null;
        String text = MathPrinter.print(g);
        return text.length() <= FORMULA_MAX_CHARS && text.split("\n").length <= FORMULA_MAX_LINES ? text : null;
    }

    /**
     * Adds an entry from an already lowered model, its inputs and outputs described by
     * {@code inputs} and {@code outputs} (whose element counts must match the model's layout).
     *
     * @throws IllegalArgumentException if the name is not a Java identifier or is taken, or the
     *                                  ports do not match the model's layout
     */
    public JavaExport entry(String name, ClassModel model, List<Port> inputs, List<Port> outputs) {
        checkEntryName(name);
        checkLayout(name, "input", inputs, model.inputOffsets());
        checkLayout(name, "output", outputs, model.outputOffsets());
        entries.add(new Entry(name, model, List.copyOf(inputs), List.copyOf(outputs), null));
        return this;
    }

    /** The fully qualified name of the class. */
    public String qualifiedClassName() {
        requireReady();
        return packageName.isEmpty() ? className : packageName + "." + className;
    }

    /**
     * The Java source of the class.
     *
     * @throws IllegalStateException if no class name or no entry was given
     */
    public String source() {
        requireReady();
        Set<String> fields = new HashSet<>(SpecialFunctionSource.MEMBER_NAMES);
        Set<String> methods = new HashSet<>(SpecialFunctionSource.MEMBER_NAMES);
        methods.add(ConstantFields.DECODER);
        for (Entry e : entries) {
            methods.add(e.name);
            methods.add(e.name + "Into");
            for (String size : List.of("_IN_SIZE", "_OUT_SIZE", "_WORK_SIZE")) fields.add(JavaText.constantCase(e.name) + size);
        }
        ConstantFields constants = new ConstantFields(fields);
        Set<MathFunction> specials = EnumSet.noneOf(MathFunction.class);
        CodeWriter members = new CodeWriter(1);
        List<EntryWriter> writers = new ArrayList<>();
        for (Entry e : entries) {
            String prefix = JavaText.constantCase(e.name);
            Map<ArrayVar, String> arrays = new HashMap<>();
            for (ConstantArray c : e.model.constants()) {
                String field = constants.add(prefix + "_" + JavaText.constantCase(LocalNames.sanitize(c.array().name())), c.values(),
                        "Constant " + c.array().name() + " of " + e.name);
                arrays.put(c.array(), field);
            }
            EntryWriter ew = new EntryWriter(className, e.name, e.model, e.inputs, e.outputs, e.formula, arrays, methods);
            writers.add(ew);
            ew.printMethods(members);
            specials.addAll(ew.specialFunctionsUsed());
        }

        CodeWriter w = new CodeWriter();
        if (!packageName.isEmpty()) w.line("package " + packageName + ";").blank();
        w.javadoc(classDoc());
        w.open("public final class " + className);
        boolean first = true;
        for (EntryWriter ew : writers) {
            if (!first) w.blank();
            first = false;
            ew.printSizeConstants(w);
        }
        if (SpecialFunctionSource.hasFields(specials)) w.blank();
        SpecialFunctionSource.printFields(w, specials);
        constants.print(w);
        w.blank();
        w.line("private " + className + "() {");
        w.line("}");
        w.append(members);
        SpecialFunctionSource.printMethods(w, specials);
        if (constants.needsDecoder()) ConstantFields.printDecoder(w);
        w.close();
        return w.toString();
    }

    /**
     * Writes the source to {@code dir}/{@code package path}/{@code ClassName}.java (creating the
     * directories), ASCII-only so any javac reads it, and returns that file.
     */
    public Path writeTo(Path dir) throws IOException {
        String text = source();
        Path folder = packageName.isEmpty() ? dir : dir.resolve(packageName.replace('.', '/'));
        Files.createDirectories(folder);
        Path file = folder.resolve(className + ".java");
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    // ---- pieces ----------------------------------------------------------------------------------------

    private List<String> classDoc() {
        List<String> doc = new ArrayList<>();
        if (!description.isEmpty()) {
            doc.add(JavaText.html(description));
            doc.add("");
        }
        StringBuilder names = new StringBuilder();
        for (Entry e : entries) names.append(names.length() == 0 ? "" : ", ").append("{@code ").append(e.name).append("}");
        doc.add("<p>Generated by Fluxion; depends only on the JDK. Entries: " + names + ". Each entry {@code e} has a method "
                + "{@code e(...)} taking each input by name (a {@code double} for a 0-d input, else a row-major {@code double[]}), "
                + "and an allocation-free {@code eInto(in, out)} over the inputs and outputs flattened row-major and concatenated.");
        doc.add("");
        doc.add("<p>All methods are static and thread-safe, and never modify their inputs.");
        return doc;
    }

    private void checkEntryName(String name) {
        if (!JavaText.isIdentifier(name)) throw new IllegalArgumentException("entry name '" + name + "' is not a Java identifier (or is a keyword)");
        if (SpecialFunctionSource.MEMBER_NAMES.contains(name) || SpecialFunctionSource.MEMBER_NAMES.contains(name + "Into")
                || name.equals(ConstantFields.DECODER)) {
            throw new IllegalArgumentException("entry name '" + name + "' is taken by a helper of the generated class");
        }
        for (Entry e : entries) {
            if (e.name.equals(name) || (e.name + "Into").equals(name) || e.name.equals(name + "Into")
                    || JavaText.constantCase(e.name).equals(JavaText.constantCase(name))) {
                throw new IllegalArgumentException("entry name '" + name + "' clashes with entry '" + e.name + "'");
            }
        }
    }

    private static void checkLayout(String entry, String what, List<Port> ports, int[] offsets) {
        if (offsets.length != ports.size() + 1) {
            throw new IllegalArgumentException("entry '" + entry + "': the model has " + (offsets.length - 1) + " " + what
                    + "s but " + ports.size() + " are described");
        }
        for (int i = 0; i < ports.size(); i++) {
            int size = offsets[i + 1] - offsets[i];
            if (size != ports.get(i).type().numel()) {
                throw new IllegalArgumentException("entry '" + entry + "': " + what + " " + ports.get(i).name() + " is "
                        + ports.get(i).type() + " but the model gives it " + size + " doubles");
            }
        }
    }

    private void requireReady() {
        if (className == null) throw new IllegalStateException("no class name: call className(...)");
        if (entries.isEmpty()) throw new IllegalStateException("no entries: call entry(...) at least once");
    }
}
