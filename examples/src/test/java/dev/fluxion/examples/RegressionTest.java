package dev.fluxion.examples;

import dev.fluxion.examples.Regression.Data;
import dev.fluxion.examples.Regression.Fit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linear and logistic regression: the fits against the normal equations and Newton's method, all
 * three against the generating parameters, and the eager training against PyTorch on the same data.
 *
 * <p>PyTorch oracle (1.13, float64): the data of {@link Regression#linearData()} and
 * {@link Regression#logisticData()} written out with {@code Double.toString}, read by PyTorch, and
 * fitted with the same loops: {@code torch.optim.SGD([w, b], lr=0.2, momentum=0.5)} for 150 steps on
 * {@code (X @ w + b - y).square().mean()}, {@code torch.optim.Adam([w, b], lr=0.05)} for 1000 steps on
 * {@code (F.softplus(X @ w + b) - y * (X @ w + b)).mean()}, from zero, {@code zero_grad(set_to_none=True)};
 * and {@code torch.linalg.lstsq(A, y, driver='gelsd')} with {@code A = [1, x, x²]}.
 */
class RegressionTest {
    /** torch.linalg.lstsq: {b, w1, w2}. */
    static final double[] TORCH_LSTSQ = {1.4732456158598695, 1.9724705693797362, -0.7991772591699589};
    /** torch.optim.SGD after 150 steps: {b, w1, w2}; the loss at steps 0, 25, 50 and after the last. */
    static final double[] TORCH_SGD = {1.4732456158598681, 1.9724705693797369, -0.7991772591699587};
    static final double[][] TORCH_SGD_LOSS = {{0, 6.898651117100658}, {25, 0.09047848370421388}, {50, 0.09047828349671835},
        {150, 0.09047828349671624}};
    /** torch.optim.Adam after 1000 steps: {b, w1, w2}; the loss at steps 0, 200, 400 and after the last. */
    static final double[] TORCH_ADAM = {-2.728616627824139, 2.277604867501535, 0.9985443629091082};
    static final double[][] TORCH_ADAM_LOSS = {{0, 0.6931471805599467}, {200, 0.27427022957520764}, {400, 0.2742510361778503},
        {1000, 0.2742510361672996}};

    private static Data linear, blobs;
    private static Fit sgd, adam;
    private static double[] leastSquares, mle;
    private static List<double[]> newtonRows;

    @BeforeAll
    static void fitAll() {
        linear = Regression.linearData();
        blobs = Regression.logisticData();
        sgd = Regression.fitLinear(linear, Regression.LINEAR_STEPS);
        adam = Regression.fitLogistic(blobs, Regression.LOGISTIC_STEPS);
        leastSquares = Regression.normalEquations(linear);
        newtonRows = Regression.newton(blobs);
        mle = newtonRows.get(newtonRows.size() - 1);
    }

    private static double loss(Fit fit, int step) {
        for (double[] row : fit.lossTable()) if (row[0] == step) return row[1];
        throw new AssertionError("no loss recorded at step " + step);
    }

    // ---- linear regression --------------------------------------------------------------------------

    @Test
    void linearDataFollowTheGeneratingModel() {
        assertEquals(Regression.LINEAR_POINTS, linear.size());
        double[] x = linear.column(0), x2 = linear.column(1);
        for (int i = 0; i < x.length; i++) {
            assertTrue(x[i] >= -2 && x[i] < 2, "x in [-2, 2): " + x[i]);
            assertEquals(x[i] * x[i], x2[i], "second feature is x²");
        }
        // Residuals of the generating model are the noise: mean squared about 0.3².
        double mse = Regression.meanSquaredError(linear, new double[] {Regression.TRUE_B, Regression.TRUE_W1, Regression.TRUE_W2});
        assertEquals(0.09, mse, 0.03);
        // A fixed seed: the same data every time.
        assertArrayEquals(linear.targets().toDoubleArray(), Regression.linearData().targets().toDoubleArray());
    }

    @Test
    void normalEquationsGiveTheLeastSquaresSolution() {
        assertArrayEquals(TORCH_LSTSQ, leastSquares, 1e-13);
        // Close to the generating parameters, within the noise's reach on 100 points.
        assertArrayEquals(new double[] {Regression.TRUE_B, Regression.TRUE_W1, Regression.TRUE_W2}, leastSquares, 0.1);
    }

    @Test
    void sgdReachesTheNormalEquationsSolution() {
        assertArrayEquals(leastSquares, sgd.params(), 1e-13);
        assertEquals(Regression.meanSquaredError(linear, leastSquares), sgd.finalLoss(), 1e-15);
    }

    @Test
    void sgdFollowsPyTorch() {
        assertArrayEquals(TORCH_SGD, sgd.params(), 1e-14);
        for (double[] row : TORCH_SGD_LOSS) assertEquals(row[1], loss(sgd, (int) row[0]), 1e-14, "loss at step " + row[0]);
    }

    // ---- logistic regression ------------------------------------------------------------------------

    @Test
    void blobsHaveTheirMeansAndLabels() {
        int n = Regression.PER_CLASS;
        double[] x1 = blobs.column(0), x2 = blobs.column(1), y = blobs.targets().toDoubleArray();
        assertEquals(2 * n, blobs.size());
        double[] sums = new double[4];
        for (int i = 0; i < 2 * n; i++) {
            assertEquals(i < n ? 0.0 : 1.0, y[i]);
            sums[i < n ? 0 : 2] += x1[i];
            sums[i < n ? 1 : 3] += x2[i];
        }
        // Sample means within 4 standard errors (1 / sqrt(200) = 0.07) of the true means.
        assertArrayEquals(new double[] {0, 0, 2, 1}, new double[] {sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n}, 0.28);
    }

    @Test
    void newtonConvergesQuadraticallyToTheMaximumLikelihood() {
        List<double[]> iterations = newtonRows.subList(0, newtonRows.size() - 1);
        assertTrue(iterations.size() <= 10, "Newton took " + iterations.size() + " iterations");
        assertEquals(Math.log(2), iterations.get(0)[1], 1e-14, "the loss at zero is log 2 (a mean of n rounded terms: a few ulps)");
        for (int k = 1; k < iterations.size(); k++) {
            assertTrue(iterations.get(k)[1] <= iterations.get(k - 1)[1], "the loss decreases");
        }
        assertTrue(iterations.get(iterations.size() - 1)[2] < 1e-14, "the gradient vanishes");
        // Quadratic convergence: once small, each gradient norm is below the square of the previous one (times a constant).
        double[] g = iterations.stream().mapToDouble(r -> r[2]).toArray();
        int last = g.length - 1;
        assertTrue(g[last - 1] < 100 * g[last - 2] * g[last - 2], "quadratic: " + g[last - 1] + " after " + g[last - 2]);
    }

    @Test
    void adamReachesTheMaximumLikelihood() {
        assertArrayEquals(mle, adam.params(), 1e-12);
        assertArrayEquals(TORCH_ADAM, mle, 1e-12);
    }

    @Test
    void adamFollowsPyTorch() {
        assertArrayEquals(TORCH_ADAM, adam.params(), 1e-13);
        for (double[] row : TORCH_ADAM_LOSS) assertEquals(row[1], loss(adam, (int) row[0]), 1e-14, "loss at step " + row[0]);
    }

    @Test
    void fitIsNearTheGeneratingModel() {
        double[] generating = Regression.generatingLogistic();
        assertArrayEquals(new double[] {-2.5, 2, 1}, generating);
        // Maximum likelihood on 400 points: within about two standard errors (about 0.15 to 0.3 here).
        assertArrayEquals(generating, mle, 0.5);
        assertEquals(0.895, Regression.accuracy(blobs, mle), 1e-12);
        assertEquals(0.89, Regression.accuracy(blobs, generating), 1e-12);
    }

    @Test
    void solveSolvesASmallSystemWithPivoting() {
        double[][] a = {{0, 2, 1}, {1, 1, 1}, {2, 1, 0}};
        double[] x = Regression.solve(a, new double[] {5, 4, 4});   // x = (1, 2, 1)
        assertArrayEquals(new double[] {1, 2, 1}, x, 1e-15);
        assertArrayEquals(new double[] {0, 2, 1}, a[0], "the matrix is left unchanged");
    }

    // ---- the program -------------------------------------------------------------------------------------

    @Test
    void mainPrintsTheComparisonsAndWritesBothPlots(@TempDir Path dir) throws IOException {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Regression.main(new String[] {dir.toString()});
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        List<String> lines = out.lines().toList();
        assertTrue(lines.contains("mean squared error at the least-squares solution: 0.090478283496716"), out);
        assertTrue(lines.stream().anyMatch(l -> l.matches("b +1\\.5000 +1\\.47324561585987\\d +1\\.47324561585986\\d .*")), out);
        assertTrue(lines.stream().anyMatch(l -> l.matches(" +iteration +\\d+ +loss 0\\.274251036167300 +\\|gradient\\| .*")), out);
        assertTrue(lines.stream().anyMatch(l -> l.matches("w1 +2\\.0000 +2\\.27760486750\\d+ +2\\.27760486750\\d+ .*")), out);
        assertTrue(lines.contains("training accuracy: generating 89.0%, Newton 89.5%, Adam 89.5%"), out);
        for (String name : new String[] {"regression_linear", "regression_logistic"}) {
            Path png = dir.resolve(name + ".png");
            assertTrue(lines.contains("wrote " + png), out);
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, "not a readable image: " + png);
            assertEquals(ContourPlot.WIDTH, image.getWidth());
            assertEquals(ContourPlot.HEIGHT, image.getHeight());
        }
    }
}
