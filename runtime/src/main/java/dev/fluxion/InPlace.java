package dev.fluxion;

import java.util.function.UnaryOperator;

/**
 * In-place ops: compute the out-of-place result, write it into this tensor's memory and bump the
 * version counter. When the tensor is in a recorded graph, the op is applied to a snapshot of its
 * former value, so the gradient still reaches that value's history.
 */
final class InPlace {
    private InPlace() {}

    static Tensor apply(Tensor self, UnaryOperator<Tensor> op) {
        boolean recording = GradMode.isEnabled();
        if (recording && self.isLeafRequiringGrad()) {
            throw new IllegalStateException("a leaf Variable that requires grad is being used in an in-place operation.");
        }
        Tensor operand = recording && self.requiresGrad() ? self.formerSelf() : self.detach();
        self.becomeResultOf(op.apply(operand));
        return self;
    }
}
