#!/usr/bin/env python3
"""Key driver analysis in plain numpy and itertools: the bench peer of scripts/bench/drivers.ts
and the independent reference of test/why/*.test.ts.

    python3 scripts/bench/drivers_numpy.py bench CSV RUNS CI_ROWS CI_DRIVERS RESAMPLES
    python3 scripts/bench/drivers_numpy.py reference ATTITUDE MTCARS

LMG (Shapley value regression) is the textbook computation: for every subset of drivers
(itertools.combinations) R² = r_S' R_SS^-1 r_S from the correlation matrix (np.corrcoef,
np.linalg.solve), then each driver's average gain over the subsets it can join, weighted
|S|! (p - |S| - 1)! / p!. The reference mode computes R² of each subset by least squares on the
raw data with an intercept instead (np.linalg.lstsq), Johnson's relative weights by
np.linalg.eigh, and the percentile bootstrap with the same row draws as src/why (xoshiro128**
seeded by SplitMix32, floor(u * n / 2^32), written here with Python integers), so the tests can
compare our intervals with a computation that shares nothing with ours but the draws.
"""
import csv
import itertools
import json
import math
import sys
import time

import numpy as np

M32 = 0xFFFFFFFF


class Xoshiro128ss:
    """xoshiro128** 1.1 (Blackman and Vigna), state from four SplitMix32 outputs of the seed."""

    def __init__(self, seed):
        self.weyl = seed & M32
        self.s = [self._splitmix() for _ in range(4)]

    def _splitmix(self):
        self.weyl = (self.weyl + 0x9E3779B9) & M32
        z = self.weyl
        z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
        z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
        return z ^ (z >> 16)

    @staticmethod
    def _rotl(x, k):
        return ((x << k) | (x >> (32 - k))) & M32

    def next(self):
        s = self.s
        result = (self._rotl((s[1] * 5) & M32, 7) * 9) & M32
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self._rotl(s[3], 11)
        return result

    def below(self, n):
        return (self.next() * n) >> 32


def weights(p):
    return [math.factorial(s) * math.factorial(p - 1 - s) / math.factorial(p) for s in range(p)]


def lmg_from_r2(r2, p):
    w = weights(p)
    out = np.zeros(p)
    for subset, value in r2.items():
        for j in range(p):
            if j not in subset:
                out[j] += w[len(subset)] * (r2[tuple(sorted(subset + (j,)))] - value)
    return out


def lmg_corr(data):
    """LMG from the correlation matrix of data (drivers first, outcome last): one solve per subset."""
    r = np.corrcoef(data, rowvar=False)
    p = data.shape[1] - 1
    r2 = {(): 0.0}
    for k in range(1, p + 1):
        for s in itertools.combinations(range(p), k):
            idx = list(s)
            rs = r[idx, p]
            r2[s] = float(rs @ np.linalg.solve(r[np.ix_(idx, idx)], rs))
    return lmg_from_r2(r2, p)


def r2_lstsq(y, x):
    a = np.column_stack([np.ones(len(y)), x])
    coef = np.linalg.lstsq(a, y, rcond=None)[0]
    resid = y - a @ coef
    yc = y - y.mean()
    return 1.0 - float(resid @ resid) / float(yc @ yc)


def lmg_lstsq(y, x):
    p = x.shape[1]
    r2 = {(): 0.0}
    for k in range(1, p + 1):
        for s in itertools.combinations(range(p), k):
            r2[s] = r2_lstsq(y, x[:, list(s)])
    return lmg_from_r2(r2, p), r2[tuple(range(p))]


def relative_weights(y, x):
    r = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    p = x.shape[1]
    lam, q = np.linalg.eigh(r[:p, :p])
    half = q @ np.diag(np.sqrt(lam)) @ q.T
    beta = np.linalg.solve(half, r[:p, p])
    return (half ** 2) @ (beta ** 2)


def signs(y, x):
    a = np.column_stack([np.ones(len(y)), x])
    return [int(np.sign(c)) for c in np.linalg.lstsq(a, y, rcond=None)[0][1:]]


def bootstrap(y, x, resamples, seed, confidence, method):
    n = len(y)
    rng = Xoshiro128ss(seed)
    values = []
    while len(values) < resamples:
        rows = [rng.below(n) for _ in range(n)]
        values.append(lmg_lstsq(y[rows], x[rows])[0] if method == "shapley" else relative_weights(y[rows], x[rows]))
    values = np.array(values)
    return np.percentile(values, [100 * (1 - confidence) / 2, 100 * (1 + confidence) / 2], axis=0).T


def read(path, outcome, drivers):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return np.array([float(r[outcome]) for r in rows]), np.array([[float(r[d]) for d in drivers] for r in rows])


def reference(attitude, mtcars):
    out = {}
    y, x = read(attitude, "rating", ["complaints", "privileges", "learning", "raises", "critical", "advance"])
    lmg, r2 = lmg_lstsq(y, x)
    out["attitude"] = {"r2": r2, "shapley": list(lmg), "rw": list(relative_weights(y, x)), "sign": signs(y, x)}
    out["attitude_ci"] = {"seed": 1, "resamples": 1000, "confidence": 0.95, "shapley": bootstrap(y, x, 1000, 1, 0.95, "shapley").tolist()}
    y, x = read(mtcars, "mpg", ["am", "vs", "cyl"])
    lmg, r2 = lmg_lstsq(y, x)
    out["mtcars_am_vs_cyl"] = {"r2": r2, "shapley": list(lmg), "sign": signs(y, x)}
    y, x = read(mtcars, "mpg", ["cyl", "disp", "hp", "gear"])
    lmg, r2 = lmg_lstsq(y, x)
    out["mtcars_rw"] = {"r2": r2, "shapley": list(lmg), "rw": list(relative_weights(y, x)), "sign": signs(y, x)}
    out["mtcars_rw_ci"] = {"seed": 7, "resamples": 500, "confidence": 0.9, "rw": bootstrap(y, x, 500, 7, 0.9, "rw").tolist()}
    print(json.dumps(out, indent=1))


def bench(path, runs, ci_rows, ci_drivers, resamples):
    """Median wall time (ms) of LMG on every row of CSV (outcome first), and of its bootstrap on
    the first ci_rows rows and ci_drivers drivers, with our row draws and with numpy's."""
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    y, x = data[:, 0], data[:, 1:]
    full = np.column_stack([x, y])
    small = np.column_stack([x[:ci_rows, :ci_drivers], y[:ci_rows]])

    def median_ms(fn, k):
        fn()
        times = []
        for _ in range(k):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        return sorted(times)[len(times) // 2]

    def boot():
        rng = Xoshiro128ss(1)
        n = small.shape[0]
        values = []
        for _ in range(resamples):
            rows = np.array([rng.below(n) for _ in range(n)])
            values.append(lmg_corr(small[rows]))
        return np.percentile(np.array(values), [2.5, 97.5], axis=0).T

    def boot_numpy_draws():
        rng = np.random.default_rng(1)
        n = small.shape[0]
        values = [lmg_corr(small[rng.integers(0, n, n)]) for _ in range(resamples)]
        return np.percentile(np.array(values), [2.5, 97.5], axis=0).T

    result = {
        "numpy": np.__version__,
        "lmg_ms": median_ms(lambda: lmg_corr(full), runs),
        "lmg": list(lmg_corr(full)),
        "ci_ms": median_ms(boot, 1),
        "ci": boot().tolist(),
        "ci_numpy_draws_ms": median_ms(boot_numpy_draws, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    if sys.argv[1] == "reference":
        reference(sys.argv[2], sys.argv[3])
    else:
        bench(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
