# The Rosenbrock function: a curved valley with its minimum at (1, 1).
fn rosenbrock(x, y) = (1 - x)^2 + 100 * (y - x^2)^2
