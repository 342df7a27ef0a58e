package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.Op;

import static dev.fluxion.compiler.passes.Patterns.fit;
import static dev.fluxion.compiler.passes.Patterns.isConst;

/**
 * A lowering for code generation: small integer powers become multiplications, which cost a
 * cycle or two where {@code Math.pow} costs tens of nanoseconds. Printing keeps {@code x^3} (one
 * node, one rounding), so this pass is not in {@link PassManager#standard()} but in
 * {@link PassManager#forCodegen()}. x² → square(x) is already in {@link AlgebraicSimplification}.
 */
public final class PowerExpansion extends RuleTablePass {
    public PowerExpansion() {
        rule(Op.POW, (b, n, a) -> isConst(a[1], 3) ? fit(b, b.mul(b.square(a[0]), a[0]), n.type()) : null);     // x³ → x²·x     ulp
        rule(Op.POW, (b, n, a) -> isConst(a[1], 4) ? fit(b, b.square(b.square(a[0])), n.type()) : null);       // x⁴ → (x²)²    ulp
        rule(Op.POW, (b, n, a) -> isConst(a[1], -2) ? fit(b, b.reciprocal(b.square(a[0])), n.type()) : null);  // x⁻² → 1/x²    ulp
        rule(Op.POW, (b, n, a) -> isConst(a[1], -3) ? fit(b, b.reciprocal(b.mul(b.square(a[0]), a[0])), n.type()) : null); // x⁻³ → 1/(x²·x) ulp
    }

    @Override
    public String name() {
        return "expand-powers";
    }
}
