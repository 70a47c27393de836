#!/usr/bin/env python3
"""Bench peer of scripts/bench/clv.ts: scipy's optimiser doing the same fits on the same data.

    python3 scripts/bench/clv_scipy.py SUMMARY.csv RUNS START_JSON

The same log-likelihoods (spec/clv.md) and the same analytic gradients over the log-parameters,
written with numpy arrays and scipy.special (gammaln, digamma), minimised by
scipy.optimize.minimize(method="BFGS", jac=True, gtol=1e-8) from the start that our fitter
tries first, and by L-BFGS-B for comparison. Prints JSON: the median wall time of RUNS fits
after two warm-up fits, the parameters and the log-likelihood.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, gammaln


def bgnbd(theta, x, tx, T):
    r, al, a, b = np.exp(theta)
    n = len(x)
    rx = r + x
    repeat = x > 0
    bx1 = np.where(repeat, b + x - 1, 1.0)
    ln_t = np.log(al + T)
    ln_tx = np.log(al + tx)
    first = -rx * ln_t
    second = np.where(repeat, np.log(a) - np.log(bx1) - rx * ln_tx, -np.inf)
    total = np.logaddexp(first, second)
    w = np.exp(second - total)
    ll = gammaln(rx) - gammaln(r) + r * np.log(al) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x) + gammaln(a + b) + total
    psi_abx = digamma(a + b + x)
    gr = digamma(rx) - digamma(r) + np.log(al) - ((1 - w) * ln_t + w * ln_tx)
    gal = r / al - rx * ((1 - w) / (al + T) + w / (al + tx))
    ga = digamma(a + b) - psi_abx + w / a
    gb = digamma(b + x) - digamma(b) - psi_abx + digamma(a + b) - np.where(repeat, w / bx1, 0.0)
    grad = -np.array([gr.sum() * r, gal.sum() * al, ga.sum() * a, gb.sum() * b]) / n
    return -ll.sum() / n, grad


def gamma_gamma(theta, x, z):
    p, q, g = np.exp(theta)
    n = len(x)
    px = p * x
    w = x * z + g
    ln_w = np.log(w)
    ll = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + (px - 1) * np.log(z) + px * np.log(x) - (px + q) * ln_w
    psi = digamma(px + q)
    gp = x * (psi - digamma(px)) + x * np.log(z) + x * np.log(x) - x * ln_w
    gq = psi - digamma(q) + np.log(g) - ln_w
    gg = q / g - (px + q) / w
    grad = -np.array([gp.sum() * p, gq.sum() * q, gg.sum() * g]) / n
    return -ll.sum() / n, grad


def timed(f, x0, args, runs, method):
    options = {"gtol": 1e-8} if method == "BFGS" else {"gtol": 1e-8, "ftol": 1e-15}
    for _ in range(2):
        minimize(f, x0, args=args, jac=True, method=method, options=options)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        res = minimize(f, x0, args=args, jac=True, method=method, options=options)
        times.append(time.perf_counter() - t)
    times.sort()
    n = len(args[0])
    return {
        "method": method,
        "ms": round(1000 * times[len(times) // 2], 3),
        "params": [float(v) for v in np.exp(res.x)],
        "log_likelihood": float(-res.fun * n),
        "success": bool(res.success),
        "evaluations": int(res.nfev),
    }


def main():
    summary, runs, starts = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
    data = np.loadtxt(summary, delimiter=",", skiprows=1)
    x, tx, T, z = data[:, 1], data[:, 2], data[:, 3], data[:, 4]
    buyers = x > 0
    out = {"scipy": __import__("scipy").__version__, "numpy": np.__version__, "bgnbd": [], "gamma_gamma": []}
    for method in ("BFGS", "L-BFGS-B"):
        out["bgnbd"].append(timed(bgnbd, np.array(starts["bgnbd"]), (x, tx, T), runs, method))
        out["gamma_gamma"].append(timed(gamma_gamma, np.array(starts["gamma_gamma"]), (x[buyers], z[buyers]), runs, method))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
