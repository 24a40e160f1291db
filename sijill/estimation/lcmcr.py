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
    "thin": 10,
    "alpha_shape": 0.25,
    "alpha_rate": 0.25,
}


def sample_lcmcr(table: CaptureTable, *, seed: int | None = None, classes: int = 10, chains: int = 4,
                 burn_in: int = 10_000, samples: int = 4_000, thin: int = 10,
                 alpha_shape: float = 0.25, alpha_rate: float = 0.25) -> np.ndarray:
    """Posterior draws of the total N, shape (chains, samples // chains)."""
    rng = np.random.default_rng(seed)
    n_obs = table.observed
    patterns = np.vstack([np.zeros((1, len(table.lists))), table.patterns]).astype(float)  # row 0: unobserved
    counts = np.concatenate([[0], table.counts]).astype(np.int64)
    C, K = chains, classes
    per_chain = max(1, samples // chains)

    # Start near the data rather than at capture probabilities of one half (which would put
    # almost nobody in the unobserved cell): each list's share of the documented, halved.
    share = np.array(list(table.list_totals.values())) / (2.0 * n_obs)
    lam = rng.beta(10.0 * share, 10.0 * (1.0 - share), size=(C, K, share.size))
    alpha = np.ones(C)
    sticks = rng.beta(1.0, alpha[:, None], size=(C, K))
    sticks[:, -1] = 1.0
    kept = np.empty((C, per_chain))

    total_iterations = burn_in + per_chain * thin
    for iteration in range(total_iterations):
        log_weights = np.log(sticks) + np.concatenate(
            [np.zeros((C, 1)), np.cumsum(np.log1p(-sticks[:, :-1]), axis=1)], axis=1)
        log_not = np.log1p(-lam)
        # log P(pattern, class) for every chain, pattern and class: (C, cells, K)
        joint = (log_weights[:, None, :] + patterns @ (np.log(lam) - log_not).transpose(0, 2, 1)
                 + log_not.sum(axis=2)[:, None, :])
        top = joint.max(axis=2, keepdims=True)
        probs = np.exp(joint - top)
        mass = probs.sum(axis=2, keepdims=True)
        probs /= mass
        p_unseen = (mass[:, 0, 0] * np.exp(top[:, 0, 0]))
        # data augmentation: how many victims no list documented
        counts_c = np.broadcast_to(counts, (C, counts.size)).copy()
        counts_c[:, 0] = rng.negative_binomial(n_obs, np.clip(1.0 - p_unseen, 1e-12, 1.0))
        members = rng.multinomial(counts_c, probs)  # (C, cells, K) victims per pattern and class
        per_class = members.sum(axis=1)  # (C, K)
        seen_by = members.transpose(0, 2, 1) @ patterns  # (C, K, J)
        lam = rng.beta(1.0 + seen_by, 1.0 + per_class[:, :, None] - seen_by)
        lam = np.clip(lam, 1e-12, 1.0 - 1e-12)
        after = np.cumsum(per_class[:, ::-1], axis=1)[:, ::-1]  # victims in class k or later
        sticks = rng.beta(1.0 + per_class[:, :-1], alpha[:, None] + after[:, 1:])
        sticks = np.concatenate([np.clip(sticks, 1e-12, 1.0 - 1e-12), np.ones((C, 1))], axis=1)
        alpha = rng.gamma(alpha_shape + K - 1, 1.0 / (alpha_rate - np.log1p(-sticks[:, :-1]).sum(axis=1)))
        done = iteration - burn_in + 1
        if done > 0 and done % thin == 0:
            kept[:, done // thin - 1] = n_obs + counts_c[:, 0]
    return kept


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
