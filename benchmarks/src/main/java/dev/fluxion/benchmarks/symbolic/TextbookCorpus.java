package dev.fluxion.benchmarks.symbolic;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * Textbook functions of one to five scalar f64 variables, built with {@link GraphBuilder}: the
 * corpus on which Fluxion's printed derivatives are compared with SymPy's
 * ({@code benchmarks/sympy/compare_derivatives.py}). Each function names the interval its random
 * test points are drawn from (every variable alike), chosen inside the function's domain.
 */
public final class TextbookCorpus {
    private TextbookCorpus() {}

    /** One function: a one-output graph whose inputs are {@code variables}, and the test interval. */
    public record Function(String name, List<String> variables, double lo, double hi, Graph graph) {}

    /** The body of a function over its variables, in the order they were declared. */
    @FunctionalInterface
    private interface Body {
        Node apply(GraphBuilder b, Node[] v);
    }

    private static final double SQRT2 = Math.sqrt(2), TWO_PI = 2 * Math.PI;

    private static Function f(String name, String variables, double lo, double hi, Body body) {
        GraphBuilder b = new GraphBuilder();
        String[] names = variables.split(",");
        Node[] v = new Node[names.length];
        for (int i = 0; i < names.length; i++) v[i] = b.input(names[i], DType.F64);
        return new Function(name, List.of(names), lo, hi, b.build(body.apply(b, v)));
    }

    private static Function f(String name, String variables, Body body) {
        return f(name, variables, 0.5, 2.0, body);
    }

    /** The standard normal CDF, {@code 0.5 * (1 + erf(z / sqrt 2))}. */
    private static Node phi(GraphBuilder b, Node z) {
        return b.mul(b.add(b.erf(b.div(z, SQRT2)), 1), 0.5);
    }

    /** All functions of the corpus, in a fixed order. */
    public static List<Function> all() {
        List<Function> fs = new ArrayList<>();
        polynomialsAndRationals(fs);
        elementary(fs);
        statistics(fs);
        optimisationTestFunctions(fs);
        physicsAndFinance(fs);
        return fs;
    }

    // ---- polynomials and rational functions -----------------------------------------------------

    private static void polynomialsAndRationals(List<Function> fs) {
        fs.add(f("cubic", "x", (b, v) -> b.sub(b.add(b.sub(b.pow(v[0], 3), b.mul(b.pow(v[0], 2), 2)), b.mul(v[0], 3)), b.constant(1))));
        fs.add(f("quintic", "x", (b, v) -> b.add(b.sub(b.add(b.pow(v[0], 5), b.mul(b.pow(v[0], 4), 4)), b.pow(v[0], 2)), b.constant(7))));
        fs.add(f("horner", "x", (b, v) -> b.add(b.mul(b.sub(b.mul(b.add(b.mul(v[0], 2), 3), v[0]), 5), v[0]), 1)));
        fs.add(f("square_of_binomial", "x,y", (b, v) -> b.square(b.add(b.mul(v[0], 2), b.mul(v[1], 3)))));
        fs.add(f("poly2d", "x,y", (b, v) -> b.sub(b.add(b.mul(b.pow(v[0], 2), v[1]), b.mul(b.mul(v[0], 3), b.pow(v[1], 2))), b.pow(v[1], 3))));
        fs.add(f("monomial", "x,y,z", (b, v) -> b.mul(b.mul(b.pow(v[0], 3), b.pow(v[1], 2)), v[2])));
        fs.add(f("cube_of_sum", "x,y,z", (b, v) -> b.pow(b.add(b.add(v[0], v[1]), v[2]), 3)));
        fs.add(f("rational1", "x", (b, v) -> b.div(b.add(b.pow(v[0], 2), 1), b.sub(v[0], 3))));
        fs.add(f("rational2", "x,y", (b, v) -> b.div(b.mul(v[0], v[1]), b.add(b.pow(v[0], 2), b.pow(v[1], 2)))));
        fs.add(f("rational3", "x", (b, v) -> b.div(b.rsub(1, v[0]), b.add(b.square(v[0]), 1))));
        fs.add(f("partial_fractions", "x", (b, v) -> b.add(b.rdiv(1, b.add(v[0], 1)), b.rdiv(2, b.add(v[0], 3)))));
        fs.add(f("inverse_square", "x,y", (b, v) -> b.rdiv(1, b.square(b.sub(v[0], b.mul(v[1], 3))))));
    }

    // ---- elementary functions, products, quotients and compositions ----------------------------

    private static void elementary(List<Function> fs) {
        fs.add(f("sin_cos", "x", (b, v) -> b.mul(b.sin(v[0]), b.cos(v[0]))));
        fs.add(f("sin_x2_exp_neg_y", "x,y", (b, v) -> b.mul(b.sin(b.pow(v[0], 2)), b.exp(b.neg(v[1])))));
        fs.add(f("exp_sin", "x", (b, v) -> b.exp(b.sin(v[0]))));
        fs.add(f("x_log_x", "x", (b, v) -> b.mul(v[0], b.log(v[0]))));
        fs.add(f("log_quotient", "x,y", (b, v) -> b.log(b.div(v[0], v[1]))));
        fs.add(f("sqrt_1_plus_x2", "x", (b, v) -> b.sqrt(b.add(b.pow(v[0], 2), 1))));
        fs.add(f("atan_y_over_x", "x,y", (b, v) -> b.atan(b.div(v[1], v[0]))));
        fs.add(f("atan2", "y,x", (b, v) -> b.atan2(v[0], v[1])));
        fs.add(f("x_pow_y", "x,y", (b, v) -> b.pow(v[0], v[1])));
        fs.add(f("x_pow_x", "x", (b, v) -> b.pow(v[0], v[0])));
        fs.add(f("sinc", "x", (b, v) -> b.div(b.sin(v[0]), v[0])));
        fs.add(f("tan_half_angle", "x", (b, v) -> b.div(b.sin(v[0]), b.add(b.cos(v[0]), 1))));
        fs.add(f("sin_cos_tan_nest", "x", (b, v) -> b.sin(b.cos(b.tan(v[0])))));
        fs.add(f("log_log", "x", (b, v) -> b.log(b.log(b.add(v[0], 2)))));
        fs.add(f("x2_sin_exp", "x", (b, v) -> b.mul(b.mul(b.pow(v[0], 2), b.sin(v[0])), b.exp(v[0]))));
        fs.add(f("sinh_cosh", "x,y", (b, v) -> b.mul(b.sinh(v[0]), b.cosh(v[1]))));
        fs.add(f("asin_acos", "x,y", 0.1, 0.9, (b, v) -> b.add(b.asin(v[0]), b.mul(b.acos(v[1]), v[0]))));
        fs.add(f("cos_cubed", "x", (b, v) -> b.pow(b.cos(v[0]), 3)));
        fs.add(f("tanh_squared", "x", (b, v) -> b.square(b.tanh(v[0]))));
        fs.add(f("exp_xyz", "x,y,z", (b, v) -> b.exp(b.mul(b.mul(v[0], v[1]), v[2]))));
        fs.add(f("xyz_plus_sin_xz", "x,y,z", (b, v) -> b.add(b.mul(b.mul(v[0], v[1]), v[2]), b.sin(b.mul(v[0], v[2])))));
        fs.add(f("log1p_expm1", "x,y", (b, v) -> b.add(b.log1p(b.square(v[0])), b.expm1(b.neg(v[1])))));
        fs.add(f("abs_sin", "x", (b, v) -> b.mul(b.abs(b.sin(v[0])), v[0])));
    }

    // ---- statistics and machine learning -------------------------------------------------------

    private static void statistics(List<Function> fs) {
        fs.add(f("logistic_op", "x", (b, v) -> b.sigmoid(v[0])));
        fs.add(f("logistic_explicit", "x", (b, v) -> b.rdiv(1, b.add(b.exp(b.neg(v[0])), 1))));
        fs.add(f("logistic_affine", "a,x,c", (b, v) -> b.sigmoid(b.add(b.mul(v[0], v[1]), v[2]))));
        fs.add(f("gaussian", "x,mu,sigma", (b, v) -> {
            Node z = b.div(b.sub(v[0], v[1]), v[2]);
            return b.div(b.exp(b.mul(b.square(z), -0.5)), b.mul(v[2], Math.sqrt(TWO_PI)));
        }));
        fs.add(f("gaussian_2d", "x,y", (b, v) -> b.exp(b.neg(b.add(b.square(v[0]), b.square(v[1]))))));
        fs.add(f("softplus_op", "x", (b, v) -> b.softplus(v[0])));
        fs.add(f("softplus_explicit", "x", (b, v) -> b.log(b.add(b.exp(v[0]), 1))));
        fs.add(f("tanh_affine", "a,x,c", (b, v) -> b.tanh(b.add(b.mul(v[0], v[1]), v[2]))));
        fs.add(f("log_sum_exp2", "x,y", (b, v) -> b.log(b.add(b.exp(v[0]), b.exp(v[1])))));
        fs.add(f("softmax_first", "x,y,z", (b, v) -> {
            Node ex = b.exp(v[0]);
            return b.div(ex, b.add(b.add(ex, b.exp(v[1])), b.exp(v[2])));
        }));
        fs.add(f("binary_cross_entropy", "x,y", 0.1, 0.9, (b, v) -> {
            Node p = b.sigmoid(v[0]);
            return b.sub(b.neg(b.mul(v[1], b.log(p))), b.mul(b.rsub(1, v[1]), b.log(b.rsub(1, p))));
        }));
        fs.add(f("logistic_regression_loss", "w,c", (b, v) -> b.softplus(b.neg(b.add(b.mul(v[0], 1.7), v[1])))));
        fs.add(f("normal_cdf", "x", (b, v) -> phi(b, v[0])));
        fs.add(f("erf_times_gauss", "x,y", (b, v) -> b.mul(b.erf(b.mul(v[0], v[1])), b.exp(b.neg(b.square(v[0]))))));
        fs.add(f("relu_shifted", "x,y", 0.6, 2.0, (b, v) -> b.mul(b.relu(b.sub(v[0], 0.5)), v[1])));
        fs.add(f("maximum_product", "x,y,z", (b, v) -> b.mul(b.maximum(v[0], v[1]), v[2])));
        fs.add(f("huber_like", "x,y", (b, v) -> {
            Node r = b.sub(v[0], v[1]);
            return b.where(b.lt(b.abs(r), b.constant(1)), b.mul(b.square(r), 0.5), b.sub(b.abs(r), 0.5));
        }));
    }

    // ---- optimisation test functions -----------------------------------------------------------

    private static void optimisationTestFunctions(List<Function> fs) {
        fs.add(f("rosenbrock", "x,y", (b, v) -> b.add(b.square(b.rsub(1, v[0])), b.mul(b.square(b.sub(v[1], b.square(v[0]))), 100))));
        fs.add(f("himmelblau", "x,y", (b, v) -> b.add(b.square(b.sub(b.add(b.square(v[0]), v[1]), 11)),
                b.square(b.sub(b.add(v[0], b.square(v[1])), 7)))));
        fs.add(f("beale", "x,y", (b, v) -> {
            Node x = v[0], y = v[1];
            Node t1 = b.add(b.rsub(1.5, x), b.mul(x, y));
            Node t2 = b.add(b.rsub(2.25, x), b.mul(x, b.pow(y, 2)));
            Node t3 = b.add(b.rsub(2.625, x), b.mul(x, b.pow(y, 3)));
            return b.add(b.add(b.square(t1), b.square(t2)), b.square(t3));
        }));
        fs.add(f("booth", "x,y", (b, v) -> b.add(b.square(b.sub(b.add(v[0], b.mul(v[1], 2)), 7)),
                b.square(b.sub(b.add(b.mul(v[0], 2), v[1]), 5)))));
        fs.add(f("matyas", "x,y", (b, v) -> b.sub(b.mul(b.add(b.square(v[0]), b.square(v[1])), 0.26), b.mul(b.mul(v[0], v[1]), 0.48))));
        fs.add(f("three_hump_camel", "x,y", (b, v) -> {
            Node x = v[0], y = v[1];
            Node p = b.add(b.sub(b.mul(b.square(x), 2), b.mul(b.pow(x, 4), 1.05)), b.div(b.pow(x, 6), 6));
            return b.add(b.add(p, b.mul(x, y)), b.square(y));
        }));
        fs.add(f("mccormick", "x,y", (b, v) -> {
            Node x = v[0], y = v[1];
            return b.add(b.add(b.sub(b.add(b.sin(b.add(x, y)), b.square(b.sub(x, y))), b.mul(x, 1.5)), b.mul(y, 2.5)), b.constant(1));
        }));
        fs.add(f("rastrigin_2d", "x,y", (b, v) -> {
            Node sx = b.sub(b.square(v[0]), b.mul(b.cos(b.mul(v[0], TWO_PI)), 10));
            Node sy = b.sub(b.square(v[1]), b.mul(b.cos(b.mul(v[1], TWO_PI)), 10));
            return b.add(b.add(sx, sy), b.constant(20));
        }));
        fs.add(f("ackley_2d", "x,y", (b, v) -> {
            Node x = v[0], y = v[1];
            Node r = b.sqrt(b.mul(b.add(b.square(x), b.square(y)), 0.5));
            Node c = b.mul(b.add(b.cos(b.mul(x, TWO_PI)), b.cos(b.mul(y, TWO_PI))), 0.5);
            return b.add(b.sub(b.mul(b.exp(b.mul(r, -0.2)), -20), b.exp(c)), b.constant(Math.E + 20));
        }));
        fs.add(f("styblinski_tang_2d", "x,y", (b, v) -> {
            Node sx = b.add(b.sub(b.pow(v[0], 4), b.mul(b.square(v[0]), 16)), b.mul(v[0], 5));
            Node sy = b.add(b.sub(b.pow(v[1], 4), b.mul(b.square(v[1]), 16)), b.mul(v[1], 5));
            return b.div(b.add(sx, sy), 2);
        }));
        fs.add(f("goldstein_price", "x,y", (b, v) -> {
            Node x = v[0], y = v[1];
            Node s = b.add(b.add(x, y), 1);
            // 19 - 14x + 3x^2 - 14y + 6xy + 3y^2 and 18 - 32x + 12x^2 + 48y - 36xy + 27y^2
            Node q1 = b.add(b.add(b.sub(b.add(b.rsub(19, b.mul(x, 14)), b.mul(b.square(x), 3)), b.mul(y, 14)),
                    b.mul(b.mul(x, y), 6)), b.mul(b.square(y), 3));
            Node d = b.sub(b.mul(x, 2), b.mul(y, 3));
            Node q2 = b.add(b.sub(b.add(b.add(b.rsub(18, b.mul(x, 32)), b.mul(b.square(x), 12)), b.mul(y, 48)),
                    b.mul(b.mul(x, y), 36)), b.mul(b.square(y), 27));
            Node a = b.add(b.mul(b.square(s), q1), b.constant(1));
            Node c = b.add(b.mul(b.square(d), q2), b.constant(30));
            return b.mul(a, c);
        }));
        fs.add(f("norm3", "x,y,z", (b, v) -> b.sqrt(b.add(b.add(b.square(v[0]), b.square(v[1])), b.square(v[2])))));
        fs.add(f("x_exp_neg_r2", "x,y,z", (b, v) -> b.mul(v[0], b.exp(b.neg(b.add(b.add(b.square(v[0]), b.square(v[1])), b.square(v[2])))))));
    }

    // ---- physics, chemistry and finance --------------------------------------------------------

    private static void physicsAndFinance(List<Function> fs) {
        fs.add(f("black_scholes_call", "S,K,r,sigma,T", 0.5, 1.5, (b, v) -> {
            Node s = v[0], k = v[1], r = v[2], sigma = v[3], t = v[4];
            Node sqrtT = b.sqrt(t);
            Node d1 = b.div(b.add(b.log(b.div(s, k)), b.mul(b.add(r, b.div(b.square(sigma), 2)), t)), b.mul(sigma, sqrtT));
            Node d2 = b.sub(d1, b.mul(sigma, sqrtT));
            return b.sub(b.mul(s, phi(b, d1)), b.mul(b.mul(k, b.exp(b.neg(b.mul(r, t)))), phi(b, d2)));
        }));
        fs.add(f("black_scholes_d1", "S,K,sigma", 0.5, 1.5, (b, v) ->
                b.div(b.add(b.log(b.div(v[0], v[1])), b.div(b.square(v[2]), 2)), v[2])));
        fs.add(f("damped_oscillator", "a,w,t", (b, v) -> b.mul(b.exp(b.neg(b.mul(v[0], v[2]))), b.cos(b.mul(v[1], v[2])))));
        fs.add(f("lorentzian", "x,x0,g", (b, v) -> b.rdiv(1, b.add(b.square(b.div(b.sub(v[0], v[1]), v[2])), 1))));
        fs.add(f("michaelis_menten", "vmax,s,km", (b, v) -> b.div(b.mul(v[0], v[1]), b.add(v[2], v[1]))));
        fs.add(f("arrhenius", "A,Ea,T", (b, v) -> b.mul(v[0], b.exp(b.neg(b.div(v[1], b.mul(v[2], 8.314e-3)))))));
        fs.add(f("planck", "x", (b, v) -> b.div(b.pow(v[0], 3), b.expm1(v[0]))));
        fs.add(f("coulomb_potential", "x,y,z", (b, v) -> b.rsqrt(b.add(b.add(b.square(v[0]), b.square(v[1])), b.square(v[2])))));
        fs.add(f("van_der_waals", "p,V", (b, v) -> b.mul(b.add(v[0], b.div(b.constant(0.364), b.square(v[1]))), b.sub(v[1], 0.0427))));
        fs.add(f("pendulum_energy", "theta,omega", (b, v) -> b.add(b.mul(b.square(v[1]), 0.5), b.mul(b.rsub(1, b.cos(v[0])), 9.81))));
        fs.add(f("projectile_range", "v,theta", 0.2, 1.2, (b, v) -> b.div(b.mul(b.square(v[0]), b.sin(b.mul(v[1], 2))), 9.81)));
        fs.add(f("compound_interest", "P,r,t", (b, v) -> b.mul(v[0], b.pow(b.add(b.div(v[1], 12), 1), b.mul(v[2], 12)))));
        fs.add(f("reciprocal_sum", "x,y", (b, v) -> b.reciprocal(b.add(b.reciprocal(v[0]), b.reciprocal(v[1])))));
    }
}
