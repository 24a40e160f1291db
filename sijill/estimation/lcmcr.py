"""Bayesian latent-class multiple systems estimation (LCMCR, Manrique-Vallier 2016).

Each victim belongs to one of K latent classes; within a class, the lists document victims
independently, list j with probability lambda[k, j]. Class weights follow a truncated
stick-breaking (Dirichlet-process) prior with concentration alpha ~ Gamma(0.25, 0.25),
lambda[k, j] ~ Beta(1, 1), and the total N has the prior p(N) proportional to 1/N. This captures
heterogeneous capture probabilities (some victims are easy for every list to find, some hard)
without choosing interactions by hand.

The Gibbs sampler augments the data with the unobserved cell: given the class weights and
capture probabilities, the number never documented is NegativeBinomial(n, 1 - p0) where p0 is the
probability of appearing on no list; then every documented and undocumented victim is given a
class, and the weights, probabilities and alpha are drawn from their conditionals. Victims are
handled by capture pattern (multinomial class counts per pattern), not one by one, and several
independent chains run side by side as one numpy array, so a chain costs the same numpy calls
as one and the chains give a convergence check (R-hat) for free.
"""

from __future__ import annotations

import numpy as np

from sijill.estimation.table import CaptureTable

DEFAULTS = {
    "classes": 10,
    "chains": 4,
    "burn_in": 10_000,
    "samples": 4_000,  # kept draws over all chains
    "thin": 20,
    "alpha_shape": 0.25,
    "alpha_rate": 0.25,
}


def sample_lcmcr(table: CaptureTable, *, seed: int | None = None, classes: int = 10, chains: int = 4,
                 burn_in: int = 10_000, samples: int = 4_000, thin: int = 20,
                 alpha_shape: float = 0.25, alpha_rate: float = 0.25) -> np.ndarray:
    """Posterior draws of the total N, shape (chains, samples // chains)."""
    rng = np.random.default_rng(seed)
    n_obs = table.observed
    # Only patterns someone has matter to the likelihood; row 0 is the unobserved pattern.
    present = table.counts > 0
    patterns = np.vstack([np.zeros((1, len(table.lists))), table.patterns[present]]).astype(float)
    counts = np.concatenate([[0], table.counts[present]]).astype(np.int64)
    C, K = chains, classes
    per_chain = max(1, samples // chains)

    # Start near the data rather than at capture probabilities of one half (which would put
    # almost nobody in the unobserved cell): each list's share of the documented, halved.
    share = np.array(list(table.list_totals.values())) / (2.0 * n_obs)
    lam = rng.beta(10.0 * share, 10.0 * (1.0 - share), size=(C, K, share.size))
    sticks = rng.beta(1.0, 1.0, size=(C, K - 1))  # stick-breaking with alpha = 1; V_K = 1
    kept = np.empty((C, per_chain))
    members_counts = np.empty((C, counts.size), dtype=np.int64)
    members_counts[:] = counts

    # All the gamma variates an iteration needs come from one call (numpy's per-call argument
    # checks cost more than the draws): Beta(a, b) = Ga / (Ga + Gb) for the capture
    # probabilities and sticks; the negative binomial of the unobserved as a Poisson with a
    # Gamma(n, 1) mean; alpha's Gamma(shape + K - 1, 1), scaled by its rate afterwards. The last
    # two do not depend on the state, so they are drawn one iteration ahead.
    J = patterns.shape[1]
    n_lam, n_stick = C * K * J, C * (K - 1)
    shapes = np.empty(2 * n_lam + 2 * n_stick + 2 * C)
    shapes[2 * n_lam + 2 * n_stick:] = np.concatenate([np.full(C, float(n_obs)),
                                                       np.full(C, alpha_shape + K - 1)])
    ahead = rng.standard_gamma(shapes[2 * n_lam + 2 * n_stick:])
    ones_pattern = patterns.T  # (J, cells)

    total_iterations = burn_in + per_chain * thin
    for iteration in range(total_iterations):
        log_not = np.log1p(-lam)
        # log P(pattern, class) for every chain, pattern and class: (C, cells, K)
        joint = (patterns @ (np.log(lam) - log_not).transpose(0, 2, 1)
                 + (_log_weights(sticks) + log_not.sum(axis=2))[:, None, :])
        top = joint.max(axis=2, keepdims=True)
        probs = np.exp(joint - top)
        mass = probs.sum(axis=2, keepdims=True)
        probs /= mass
        p_unseen = mass[:, 0, 0] * np.exp(top[:, 0, 0])
        # data augmentation: how many victims no list documented (negative binomial)
        members_counts[:, 0] = rng.poisson(ahead[:C] * p_unseen / (1.0 - p_unseen))
        members = rng.multinomial(members_counts, probs)  # (C, cells, K) per pattern and class
        per_class = members.sum(axis=1)  # (C, K)
        seen_by = (ones_pattern @ members).transpose(0, 2, 1)  # (C, K, J)
        # alpha given the current sticks, then sticks and capture probabilities given alpha
        alpha = ahead[C:] / (alpha_rate - np.log1p(-sticks).sum(axis=1))
        after = np.cumsum(per_class[:, :0:-1], axis=1)[:, ::-1]  # victims in classes after k
        shapes[:n_lam] = (1.0 + seen_by).ravel()
        shapes[n_lam:2 * n_lam] = (1.0 + per_class[:, :, None] - seen_by).ravel()
        shapes[2 * n_lam:2 * n_lam + n_stick] = (1.0 + per_class[:, :-1]).ravel()
        shapes[2 * n_lam + n_stick:2 * n_lam + 2 * n_stick] = (alpha[:, None] + after).ravel()
        draws = rng.standard_gamma(shapes)
        ahead = draws[2 * n_lam + 2 * n_stick:]
        g_lam = draws[:2 * n_lam].reshape(2, C, K, J)
        lam = np.minimum(np.maximum(g_lam[0] / (g_lam[0] + g_lam[1]), 1e-12), 1.0 - 1e-12)
        g_stick = draws[2 * n_lam:2 * n_lam + 2 * n_stick].reshape(2, C, K - 1)
        sticks = np.minimum(np.maximum(g_stick[0] / (g_stick[0] + g_stick[1]), 1e-12), 1.0 - 1e-12)
        done = iteration - burn_in + 1
        if done > 0 and done % thin == 0:
            kept[:, done // thin - 1] = n_obs + members_counts[:, 0]
    return kept


def _log_weights(sticks: np.ndarray) -> np.ndarray:
    """log pi_k = log V_k + sum_{l<k} log(1 - V_l), the last stick being 1."""
    if sticks.shape[1] == 0:  # one class holds everyone
        return np.zeros((sticks.shape[0], 1))
    log_rest = np.cumsum(np.log1p(-sticks), axis=1)
    out = np.empty((sticks.shape[0], sticks.shape[1] + 1))
    out[:, :-1] = np.log(sticks)
    out[:, 1:-1] += log_rest[:, :-1]
    out[:, -1] = log_rest[:, -1]
    return out


def split_rhat(draws: np.ndarray) -> float:
    """Gelman-Rubin potential scale reduction over split chains; near 1 when chains agree."""
    half = draws.shape[1] // 2
    if half < 2:
        return float("nan")
    split = np.concatenate([draws[:, :half], draws[:, half:2 * half]], axis=0).astype(float)
    n = split.shape[1]
    within = split.var(axis=1, ddof=1).mean()
    between = n * split.mean(axis=1).var(ddof=1)
    if within == 0:
        return 1.0
    return float(np.sqrt(((n - 1) / n * within + between / n) / within))


def estimate_lcmcr(table: CaptureTable, *, seed: int | None = None, level: float = 0.95,
                   **options) -> dict:
    """Posterior median and equal-tailed credible interval of N from `sample_lcmcr`."""
    settings = {**DEFAULTS, **{k: v for k, v in options.items() if v is not None}}
    draws = sample_lcmcr(table, seed=seed, **settings)
    flat = draws.ravel()
    tail = (1.0 - level) / 2.0
    lower, median, upper = np.quantile(flat, [tail, 0.5, 1.0 - tail])
    return {
        "estimate": float(median),
        "lower": float(lower),
        "upper": float(upper),
        "posterior_mean": float(flat.mean()),
        "model": f"latent classes (Dirichlet process, up to {settings['classes']} classes)",
        "interval_method": "equal-tailed posterior credible interval",
        "sampler": {**settings, "seed": seed, "draws": int(flat.size),
                    "rhat": round(split_rhat(draws), 3)},
    }
