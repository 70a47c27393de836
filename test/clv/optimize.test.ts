import { fitFromStarts, LOG_BOUND, minimize, type Objective } from "../../src/clv/optimize";

/** Rosenbrock's valley, minimum 0 at (1, 1): the classic test of a quasi-Newton method. */
const rosenbrock: Objective = (x, g) => {
  const [a, b] = [x[0], x[1]];
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe("minimize (BFGS)", () => {
  it("finds the minimum of Rosenbrock's valley from (-1.2, 1) and says it converged", () => {
    const run = minimize(rosenbrock, [-1.2, 1]);
    expect(run.converged).toBe(true);
    expect(run.reason).toBe("gradient");
    expect(run.theta[0]).toBeCloseTo(1, 6);
    expect(run.theta[1]).toBeCloseTo(1, 6);
    expect(run.gradient).toBeLessThanOrEqual(1e-8);
  });

  it("minimises a quadratic with a badly scaled Hessian in few iterations", () => {
    const f: Objective = (x, g) => {
      g[0] = 2e3 * (x[0] - 3);
      g[1] = 2e-2 * (x[1] + 1);
      return 1e3 * (x[0] - 3) ** 2 + 1e-2 * (x[1] + 1) ** 2;
    };
    const run = minimize(f, [0, 0]);
    expect(run.converged).toBe(true);
    expect(run.theta[0]).toBeCloseTo(3, 6);
    expect(run.theta[1]).toBeCloseTo(-1, 3);
    expect(run.iterations).toBeLessThan(50);
  });

  it("does not call a function that only flattens out towards infinity converged", () => {
    // e^-x decreases for ever: its gradient vanishes long before any minimum.
    const f: Objective = (x, g) => {
      g[0] = -Math.exp(-x[0]);
      return Math.exp(-x[0]);
    };
    const run = minimize(f, [0]);
    expect(run.converged).toBe(false);
    expect(["flat", "bound"]).toContain(run.reason);
  });

  it("calls a run converged within rounding when its gradient is noisy but a Newton step would barely move", () => {
    // A log-likelihood summed over many customers: the gradient carries rounding of about 1e-7,
    // above the tolerance, so the line search stalls next to the minimum at (0, 1).
    const f: Objective = (x, g) => {
      g[0] = x[0] + 1e-7 * Math.sin(1e9 * x[0]);
      g[1] = 4 * (x[1] - 1) + 1e-7 * Math.cos(1e9 * x[1]);
      return 1 + 0.5 * x[0] ** 2 + 2 * (x[1] - 1) ** 2;
    };
    const run = minimize(f, [3, -2]);
    expect(run.reason).toBe("precision");
    expect(run.converged).toBe(true);
    expect(run.gradient).toBeGreaterThan(1e-8);
    expect(Math.abs(run.theta[0])).toBeLessThan(1e-6);
    expect(Math.abs(run.theta[1] - 1)).toBeLessThan(1e-6);
  });

  it("does not call a noisy function that flattens out towards infinity converged", () => {
    const f: Objective = (x, g) => {
      g[0] = -Math.exp(-x[0]) + 1e-7 * Math.sin(1e9 * x[0]);
      return Math.exp(-x[0]);
    };
    const run = minimize(f, [0]);
    expect(run.converged).toBe(false);
    expect(["flat", "bound", "stalled"]).toContain(run.reason);
  });

  it("stops at the box |log θ| <= LOG_BOUND when the minimum lies beyond it", () => {
    const f: Objective = (x, g) => {
      g[0] = 2 * (x[0] - 100);
      return (x[0] - 100) ** 2;
    };
    const run = minimize(f, [0]);
    expect(run.converged).toBe(false);
    expect(run.reason).toBe("bound");
    expect(Math.abs(run.theta[0])).toBeGreaterThan(LOG_BOUND);
  });

  it("steps back from where the function is not defined", () => {
    // Defined for x < 2 only; minimum at 1.
    const f: Objective = (x, g) => {
      if (!(x[0] < 2)) return NaN;
      g[0] = 2 * (x[0] - 1) - 1 / (2 - x[0]) + 1;
      return (x[0] - 1) ** 2 + Math.log(2 - x[0]) + x[0];
    };
    const run = minimize(f, [-3]);
    expect(run.converged).toBe(true);
    expect(Number.isFinite(run.value)).toBe(true);
  });

  it("reports a start where the function is undefined, without throwing", () => {
    const run = minimize(() => NaN, [0, 0]);
    expect(run.converged).toBe(false);
    expect(run.reason).toBe("undefined");
  });
});

describe("fitFromStarts", () => {
  // Two basins: a shallow one at x = -1 (value 1) and the deep one at x = 2 (value 0).
  const twoBasins: Objective = (x, g) => {
    const a = (x[0] + 1) ** 2;
    const b = (x[0] - 2) ** 2;
    g[0] = 2 * (x[0] + 1) * b + 2 * (x[0] - 2) * a + 2 * (x[0] + 1) * 0.1;
    return a * b + 0.1 * (x[0] + 1) ** 2 - 0.9;
  };

  it("keeps the best of several starts and returns exp of the log-parameters", () => {
    const report = fitFromStarts(twoBasins, [[-1.5], [3]]);
    expect(report).toBeDefined();
    const best = Math.min(...(report?.runs.map((r) => r.value) ?? []));
    expect(report?.value).toBe(best);
    expect(report?.converged).toBe(true);
    expect(report?.params[0]).toBeCloseTo(Math.exp(report?.runs.find((r) => r.value === best)?.theta[0] ?? NaN), 9);
    // Newton's steps from the converged run reach the minimum at x = -1 to rounding.
    expect(report?.params[0]).toBeCloseTo(Math.exp(-1), 15);
  });

  it("stops once two converged starts agree", () => {
    const bowl: Objective = (x, g) => {
      g[0] = 2 * (x[0] - 1);
      return (x[0] - 1) ** 2;
    };
    const report = fitFromStarts(bowl, [[0], [3], [5], [7]]);
    expect(report?.runs).toHaveLength(2);
  });

  it("is undefined when no start gives a finite value", () => {
    expect(fitFromStarts(() => Infinity, [[0], [1]])).toBeUndefined();
  });
});
