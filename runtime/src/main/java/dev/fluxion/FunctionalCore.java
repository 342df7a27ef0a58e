package dev.fluxion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The engine behind {@link Functional}, written once for the general case (a list of inputs, a list
 * of outputs) as {@code torch.autograd.functional} 1.13 is: the same preprocessing of the inputs,
 * the same strict-mode checks with PyTorch's messages, and the same algorithms (one backward per
 * output element for the Jacobian, the double-backward trick for forward-mode products). The
 * public overloads only wrap single tensors into lists and unwrap the results.
 */
final class FunctionalCore {
    private FunctionalCore() {}

    /** What a product function returns before unwrapping: f(inputs) and the product, both as lists. */
    record Raw(List<Tensor> value, List<Tensor> product) {}

    // ---- input / output plumbing (PyTorch's _grad_preprocess, _grad_postprocess, _validate_v) --------

    /**
     * Fresh tensor objects for the inputs, so the inputs given as arguments are told apart from the
     * same tensors captured by the function. With create-graph, an input that requires grad stays
     * connected (a differentiable copy), so results can be differentiated with respect to it;
     * otherwise the input is detached and, when {@code needGraph}, made to require grad.
     */
    static List<Tensor> preprocess(List<Tensor> inputs, boolean createGraph, boolean needGraph) {
        List<Tensor> res = new ArrayList<>(inputs.size());
        for (Tensor in : inputs) {
            if (createGraph && in.requiresGrad()) res.add(in.view(in.shape()));
            else res.add(in.detach().requiresGrad_(needGraph));
        }
        return res;
    }

    /** Without create-graph, results are handed back without history. */
    static List<Tensor> postprocess(List<Tensor> ts, boolean createGraph) {
        if (createGraph) return ts;
        List<Tensor> res = new ArrayList<>(ts.size());
        for (Tensor t : ts) res.add(t == null ? null : t.detach());
        return res;
    }

    /** {@link #postprocess} for a Jacobian's rows (which hold no nulls); the result is immutable. */
    static List<List<Tensor>> postprocessNested(List<List<Tensor>> ts, boolean createGraph) {
        List<List<Tensor>> res = new ArrayList<>(ts.size());
        for (List<Tensor> row : ts) res.add(List.copyOf(postprocess(row, createGraph)));
        return List.copyOf(res);
    }

    /** {@code v} must hold one tensor of the same shape per tensor of {@code other}. */
    static void validateV(List<Tensor> v, List<Tensor> other, boolean otherIsList) {
        if (v.size() != other.size()) {
            throw new IllegalArgumentException(otherIsList
                    ? "v is a tuple of invalid length: should be " + other.size() + " but got " + v.size() + "."
                    : "The given v should contain a single Tensor.");
        }
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i) == null) throw new IllegalArgumentException((otherIsList ? "Entry " + i + " in v" : "v") + " is null.");
            if (!Arrays.equals(v.get(i).shape(), other.get(i).shape())) {
                throw new IllegalArgumentException((otherIsList ? "Entry " + i + " in v" : "v") + " has invalid size: should be "
                        + Arrays.toString(other.get(i).shape()) + " but got " + Arrays.toString(v.get(i).shape()) + ".");
            }
        }
    }

    /** Calls the user's function and checks that it returned tensors. */
    static List<Tensor> call(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, String fnName) {
        List<Tensor> out = f.apply(List.copyOf(inputs));
        if (out == null) throw new IllegalArgumentException("The user-provided function given to " + fnName + " returned null");
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) == null) {
                throw new IllegalArgumentException("The outputs of the user-provided function given to " + fnName
                        + " must be Tensors but the value at index " + i + " is null.");
            }
        }
        return out;
    }

    // ---- strict mode (PyTorch's _check_requires_grad and _fill_in_zeros) ---------------------------------

    /** Where a strict check runs, which selects PyTorch's message. */
    enum Stage { OUTPUTS, GRAD_INPUTS, JACOBIAN }

    static void checkRequiresGrad(List<Tensor> ts, Stage stage, boolean strict) {
        if (!strict) return;
        for (int i = 0; i < ts.size(); i++) {
            Tensor t = ts.get(i);
            if (t == null) {
                throw new IllegalStateException("The output of the user-provided function is independent of input " + i
                        + ". This is not allowed in strict mode.");
            }
            if (t.requiresGrad()) continue;
            switch (stage) {
                case JACOBIAN -> throw new IllegalStateException("While computing the hessian, found that the jacobian of the "
                        + "user-provided function with respect to input " + i + " is independent of the input. This is not "
                        + "allowed in strict mode. You should ensure that your function is twice differentiable and that the "
                        + "jacobian depends on the inputs (this would be violated by a linear function for example).");
                case GRAD_INPUTS -> throw new IllegalStateException("The gradient with respect to input " + i + " is independent "
                        + "of the inputs of the user-provided function. This is not allowed in strict mode.");
                case OUTPUTS -> throw new IllegalStateException("Output " + i + " of the user-provided function does not require "
                        + "gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.");
            }
        }
    }

    /** Which backward produced the gradients given to {@link #fillInZeros}, for the strict-mode message. */
    enum Back { BACK, BACK_TRICK, DOUBLE_BACK, DOUBLE_BACK_TRICK }

    /** Replaces missing gradients by zeros shaped like {@code refs}, or throws in strict mode. */
    static List<Tensor> fillInZeros(Tensor[] grads, List<Tensor> refs, boolean strict, boolean createGraph, Back stage) {
        List<Tensor> res = new ArrayList<>(grads.length);
        for (int i = 0; i < grads.length; i++) {
            Tensor g = grads[i];
            if (g == null) {
                if (strict) {
                    throw new IllegalStateException(switch (stage) {
                        case BACK -> "The output of the user-provided function is independent of input " + i
                                + ". This is not allowed in strict mode.";
                        case BACK_TRICK -> "The gradient with respect to the input is independent of entry " + i + " in the "
                                + "grad_outputs when using the double backward trick to compute forward mode gradients. This is "
                                + "not allowed in strict mode.";
                        case DOUBLE_BACK -> "The jacobian of the user-provided function is independent of input " + i
                                + ". This is not allowed in strict mode.";
                        case DOUBLE_BACK_TRICK -> "The hessian of the user-provided function is independent of entry " + i
                                + " in the grad_jacobian. This is not allowed in strict mode as it prevents from using the double "
                                + "backward trick to replace forward mode AD.";
                    });
                }
                g = Fluxion.zerosLike(refs.get(i));
            } else if (strict && createGraph && !g.requiresGrad()) {
                String what = stage == Back.DOUBLE_BACK || stage == Back.DOUBLE_BACK_TRICK ? "hessian" : "jacobian";
                throw new IllegalStateException("The " + what + " of the user-provided function is independent of input " + i
                        + ". This is not allowed in strict mode when create_graph=True.");
            }
            res.add(g);
        }
        return res;
    }

    // ---- autograd.grad that tolerates outputs without history (PyTorch's _autograd_grad) ----------------

    /**
     * d(outputs)/d(inputs) weighted by {@code gradOutputs} (null: ones for one-element outputs), one
     * entry per input, null where an input is unused. Outputs that are null or do not require grad
     * are skipped with their gradient outputs; when none is left, every entry is null.
     */
    static Tensor[] grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs, boolean createGraph, boolean retainGraph) {
        List<Tensor> outs = new ArrayList<>();
        List<Tensor> gOuts = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor o = outputs.get(i);
            if (o == null || !o.requiresGrad()) continue;
            outs.add(o);
            gOuts.add(gradOutputs == null ? null : gradOutputs.get(i));
        }
        if (outs.isEmpty()) return new Tensor[inputs.size()];
        GradOptions opts = GradOptions.builder().gradOutputs(gOuts).createGraph(createGraph).retainGraph(retainGraph)
                .allowUnused(true).build();
        return Autograd.grad(outs, inputs, opts).toArray(new Tensor[0]);
    }

    /** The tensor of {@code like}'s type that is 1 at flat position {@code k} and 0 elsewhere. */
    static Tensor oneHot(Tensor like, int k) {
        double[] d = new double[like.numel()];
        d[k] = 1;
        return Tensor.of(like.type(), d);
    }

    static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    // ---- jacobian / hessian --------------------------------------------------------------------------------

    /**
     * The Jacobian [output][input], each of shape (output shape…, input shape…), by one backward
     * pass per output element (a one-hot gradient output), the graph retained in between.
     */
    static List<List<Tensor>> jacobian(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs0, boolean createGraph, boolean strict) {
        List<List<Tensor>> jacobian = new ArrayList<>();
        try (GradMode.Guard g = GradMode.set(true)) {
            List<Tensor> inputs = preprocess(inputs0, createGraph, true);
            List<Tensor> outputs = call(f, inputs, "jacobian");
            checkRequiresGrad(outputs, Stage.OUTPUTS, strict);
            for (int i = 0; i < outputs.size(); i++) {
                Tensor out = outputs.get(i);
                List<List<Tensor>> rows = new ArrayList<>();
                for (int k = 0; k < inputs.size(); k++) rows.add(new ArrayList<>());
                for (int j = 0; j < out.numel(); j++) {
                    Tensor[] vj = grad(List.of(out), inputs, List.of(oneHot(out, j)), createGraph, true);
                    for (int k = 0; k < inputs.size(); k++) {
                        if (vj[k] != null) {
                            if (strict && createGraph && !vj[k].requiresGrad()) {
                                // PyTorch fills this message with the output's index; it names an input, so we give the input's.
                                throw new IllegalStateException("The jacobian of the user-provided function is independent of input "
                                        + k + ". This is not allowed in strict mode when create_graph=True.");
                            }
                            rows.get(k).add(vj[k]);
                        } else {
                            if (strict) {
                                throw new IllegalStateException("Output " + i + " of the user-provided function is independent of input "
                                        + k + ". This is not allowed in strict mode.");
                            }
                            rows.get(k).add(Fluxion.zerosLike(inputs.get(k)));
                        }
                    }
                }
                List<Tensor> jacI = new ArrayList<>();
                for (int k = 0; k < inputs.size(); k++) {
                    // An empty output has an empty Jacobian (PyTorch's stack fails on it instead).
                    int[] shape = concat(out.shape(), inputs.get(k).shape());
                    jacI.add(rows.get(k).isEmpty() ? Fluxion.full(shape, 0, inputs.get(k).dtype())
                            : Fluxion.stack(rows.get(k), 0).reshape(shape));
                }
                jacobian.add(jacI);
            }
        }
        return postprocessNested(jacobian, createGraph);
    }

    /**
     * The Hessian [i][j] of a function with one one-element output, of shape (input i…, input j…):
     * the Jacobian of the (recorded) Jacobian, as PyTorch computes it.
     */
    static List<List<Tensor>> hessian(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs, boolean createGraph, boolean strict) {
        Function<List<Tensor>, List<Tensor>> single = inp -> {
            List<Tensor> out = call(f, inp, "hessian");
            checkRequiresGrad(out, Stage.OUTPUTS, strict);
            if (out.size() != 1) throw new IllegalArgumentException("The function given to hessian should return a single Tensor");
            if (out.get(0).numel() != 1) {
                throw new IllegalArgumentException("The Tensor returned by the function given to hessian should contain a single element");
            }
            return List.of(out.get(0).squeeze());
        };
        Function<List<Tensor>, List<Tensor>> jacFunc = inp -> {
            List<Tensor> jac = jacobian(single, inp, true, false).get(0);
            checkRequiresGrad(jac, Stage.JACOBIAN, strict);
            return jac;
        };
        return jacobian(jacFunc, inputs, createGraph, strict);
    }

    // ---- products -------------------------------------------------------------------------------------------

    /** v^T J: one reverse pass. {@code v} may be null when the function has one one-element output. */
    static Raw vjp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs0, List<Tensor> v0, boolean outputsAreList,
                   boolean createGraph, boolean strict) {
        return vjp(f, inputs0, outputs -> v0, outputsAreList, createGraph, strict);
    }

    /** {@link #vjp} with the vector chosen once the outputs are known (as {@code derivative} needs: ones like them). */
    static Raw vjp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs0, Function<List<Tensor>, List<Tensor>> vFor,
                   boolean outputsAreList, boolean createGraph, boolean strict) {
        List<Tensor> inputs, outputs, v = null;
        try (GradMode.Guard g = GradMode.set(true)) {
            inputs = preprocess(inputs0, createGraph, true);
            outputs = call(f, inputs, "vjp");
            checkRequiresGrad(outputs, Stage.OUTPUTS, strict);
            List<Tensor> v0 = vFor.apply(outputs);
            if (v0 != null) {
                v = preprocess(v0, createGraph, false);
                validateV(v, outputs, outputsAreList);
            } else if (outputs.size() != 1 || outputs.get(0).numel() != 1) {
                throw new IllegalArgumentException("The vector v can only be None if the user-provided function returns a single "
                        + "Tensor with a single element.");
            }
        }
        Tensor[] res = grad(outputs, inputs, v, createGraph, createGraph);
        List<Tensor> vjp = fillInZeros(res, inputs, strict, createGraph, Back.BACK);
        return new Raw(postprocess(outputs, createGraph), postprocess(vjp, createGraph));
    }

    /**
     * J v by the double-backward trick: the vector-Jacobian product u^T J is linear in a dummy
     * u (zeros that require grad), so differentiating it with respect to u along v gives J v.
     */
    static Raw jvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs0, List<Tensor> v0, boolean inputsAreList,
                   boolean createGraph, boolean strict) {
        List<Tensor> outputs, v = null;
        List<Tensor> gradOutputs = new ArrayList<>();
        List<Tensor> gradInputs;
        try (GradMode.Guard g = GradMode.set(true)) {
            List<Tensor> inputs = preprocess(inputs0, createGraph, true);
            if (v0 != null) {
                v = preprocess(v0, createGraph, false);
                validateV(v, inputs, inputsAreList);
            } else if (inputs.size() != 1 || inputs.get(0).numel() != 1) {
                throw new IllegalArgumentException("The vector v can only be None if the input to the user-provided function is a "
                        + "single Tensor with a single element.");
            }
            outputs = call(f, inputs, "jvp");
            checkRequiresGrad(outputs, Stage.OUTPUTS, strict);
            // The backward is linear in these, so their value (zero) never matters; only their graph does.
            for (Tensor o : outputs) gradOutputs.add(Fluxion.zerosLike(o).requiresGrad_(true));
            gradInputs = Arrays.asList(grad(outputs, inputs, gradOutputs, true, true));
            checkRequiresGrad(gradInputs, Stage.GRAD_INPUTS, strict);
        }
        Tensor[] res = grad(gradInputs, gradOutputs, v, createGraph, createGraph);
        List<Tensor> jvp = fillInZeros(res, outputs, strict, createGraph, Back.BACK_TRICK);
        return new Raw(postprocess(outputs, createGraph), postprocess(jvp, createGraph));
    }

    /** v^T H: the gradient, recorded, then one more reverse pass along v. */
    static Raw vhp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs0, List<Tensor> v0, boolean inputsAreList,
                   boolean createGraph, boolean strict) {
        return secondOrder(f, inputs0, v0, inputsAreList, createGraph, strict, false);
    }

    /** H v: the double-backward trick applied to the recorded gradient. */
    static Raw hvp(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs0, List<Tensor> v0, boolean inputsAreList,
                   boolean createGraph, boolean strict) {
        return secondOrder(f, inputs0, v0, inputsAreList, createGraph, strict, true);
    }

    private static Raw secondOrder(Function<List<Tensor>, List<Tensor>> f, List<Tensor> inputs0, List<Tensor> v0,
                                   boolean inputsAreList, boolean createGraph, boolean strict, boolean hvp) {
        String name = hvp ? "hvp" : "vhp";
        List<Tensor> inputs, outputs, v = null, jac;
        List<Tensor> gradJac = new ArrayList<>();
        List<Tensor> doubleBack = null;
        try (GradMode.Guard g = GradMode.set(true)) {
            inputs = preprocess(inputs0, createGraph, true);
            if (v0 != null) {
                v = preprocess(v0, createGraph, false);
                validateV(v, inputs, inputsAreList);
            } else if (inputs.size() != 1 || inputs.get(0).numel() != 1) {
                throw new IllegalArgumentException("The vector v can only be None if the input to the user-provided function is a "
                        + "single Tensor with a single element.");
            }
            outputs = call(f, inputs, name);
            checkRequiresGrad(outputs, Stage.OUTPUTS, strict);
            if (outputs.size() != 1) throw new IllegalArgumentException("The function given to " + name + " should return a single Tensor");
            if (outputs.get(0).numel() != 1) {
                throw new IllegalArgumentException("The Tensor returned by the function given to " + name + " should contain a single element");
            }
            jac = Arrays.asList(grad(outputs, inputs, null, true, true));
            checkRequiresGrad(jac, Stage.JACOBIAN, strict);
            if (hvp) {
                for (Tensor in : inputs) gradJac.add(Fluxion.zerosLike(in).requiresGrad_(true));
                doubleBack = Arrays.asList(grad(jac, inputs, gradJac, true, true));
            }
        }
        Tensor[] res = hvp ? grad(doubleBack, gradJac, v, createGraph, createGraph) : grad(jac, inputs, v, createGraph, createGraph);
        List<Tensor> product = fillInZeros(res, inputs, strict, createGraph, hvp ? Back.DOUBLE_BACK_TRICK : Back.DOUBLE_BACK);
        return new Raw(postprocess(outputs, createGraph), postprocess(product, createGraph));
    }
}
