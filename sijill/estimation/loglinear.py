"""Log-linear multiple systems estimation with model selection (as in Rcapture and SparseMSE).

The counts of the 2**J - 1 observable capture patterns are modelled as Poisson with
log mean = intercept + a main effect per list + chosen pairwise interactions between lists. The
unobserved (all-zero) cell then has log mean = intercept, so the total is observed + exp(intercept).

Model selection is over the hierarchical models with all main effects and any set of
interactions: every hierarchical model for up to four lists (up to three-list interactions, 113
models for four lists), forward-backward stepwise over pairwise interactions from the
independence model for five lists or more. The rule, as Rcapture's `closedpMS.t`: the model with
the smallest BIC = -2 log-likelihood + log(n) x parameters, where n is the number of documented
victims (the units captured, not the number of cells). AIC (penalty 2 per parameter) and
SparseMSE's stepwise p-value thresholding are offered as alternatives. A model is only considered when its maximum
likelihood estimate exists and is identifiable on these data (the linear-programming test of
Fienberg and Rinaldo (2012) and a rank check, as in SparseMSE's `checkident`): with sparse tables
many interaction models have no finite estimate and would otherwise give nonsense.

The interval is a profile-likelihood interval for N under the selected model (as Rcapture's
`closedpCI.t`): it does not include the uncertainty of choosing the model; the output lists the
estimates of the close runner-up models so that uncertainty can be seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.optimize import brentq, linprog, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2

from sijill.estimation.table import CaptureTable

EXHAUSTIVE_UP_TO = 4  # lists; 2**6 = 64 models for four lists, 2**10 = 1,024 for five


class EstimationError(ValueError):
    """No model could be fitted to these data (e.g. every model's estimate is infinite)."""


@dataclass(frozen=True)
class FittedModel:
    interactions: tuple[tuple[int, ...], ...]  # each a sorted tuple of list indexes
    coefficients: np.ndarray
    loglik: float
    deviance: float
    n_params: int
    unobserved: float  # expected count of the all-zero cell, exp(intercept)

    def criterion(self, name: str, observed: int) -> float:
        """AIC, or BIC with the number of documented victims `observed` as the sample size."""
        penalty = 2.0 if name == "aic" else float(np.log(observed))
        return -2.0 * self.loglik + penalty * self.n_params


def design_matrix(patterns: np.ndarray, interactions) -> np.ndarray:
    """Columns: intercept, one per list, one product column per interaction (tuple of lists)."""
    columns = [np.ones(len(patterns)), *patterns.T.astype(float)]
    columns += [np.prod(patterns[:, list(term)], axis=1).astype(float) for term in interactions]
    return np.column_stack(columns)


def fit_poisson(x: np.ndarray, y: np.ndarray, *, start=None, tol=1e-10, max_iter=100) -> np.ndarray:
    """Poisson log-link GLM by iteratively reweighted least squares; returns the coefficients."""
    y = np.asarray(y, dtype=float)
    if start is None:
        beta = np.zeros(x.shape[1])
        beta[0] = np.log(max(y.mean(), 1e-8))
    else:
        beta = start.copy()
    previous = np.inf
    # A model on the boundary can overflow mid-iteration; non-finite results are checked by callers.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for _ in range(max_iter):
            if not np.all(np.isfinite(beta)):
                break
            eta = np.clip(x @ beta, -700, 700)
            mu = np.exp(eta)
            z = eta + (y - mu) / mu
            xw = x * mu[:, None]
            try:
                beta = np.linalg.solve(x.T @ xw, xw.T @ z)
            except np.linalg.LinAlgError:  # weights underflowed on a boundary: least squares copes
                root = np.sqrt(mu)
                beta = np.linalg.lstsq(x * root[:, None], z * root, rcond=None)[0]
            deviance = _deviance(y, np.exp(np.clip(x @ beta, -700, 700)))
            if abs(previous - deviance) <= tol * (1.0 + abs(deviance)):
                break
            previous = deviance
    return beta


def _deviance(y, mu) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0)
    return float(2.0 * np.sum(term - (y - mu)))


def _poisson_loglik(y, mu) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(mu), 0.0)
    return float(np.sum(term - mu - gammaln(y + 1.0)))


def estimable(x: np.ndarray, y: np.ndarray) -> bool:
    """True when the Poisson MLE on these cells exists (finite) and is identifiable.

    Identifiable: the design has full column rank. Exists (Fienberg and Rinaldo 2012): the
    sufficient statistics X'y are matched by some strictly positive table, i.e. the linear
    program max t subject to X'm = X'y, m >= t has a positive optimum. With no zero cell the
    observed table itself is such an m, so the program is only solved for sparse tables.
    """
    if np.linalg.matrix_rank(x) < x.shape[1]:
        return False
    if np.all(y > 0):
        return True
    n_cells = len(y)
    objective = np.zeros(n_cells + 1)
    objective[-1] = -1.0  # maximise t
    equalities = np.hstack([x.T, np.zeros((x.shape[1], 1))])
    inequalities = np.hstack([-np.eye(n_cells), np.ones((n_cells, 1))])  # t - m_i <= 0
    result = linprog(objective, A_ub=inequalities, b_ub=np.zeros(n_cells), A_eq=equalities,
                     b_eq=x.T @ y, bounds=[(0, None)] * n_cells + [(0, None)], method="highs")
    if result.status != 0:
        return False
    return -result.fun > 1e-7 * max(1.0, float(y.max()))


def fit_model(table: CaptureTable, interactions) -> FittedModel | None:
    """Fit one model; None when its estimate does not exist or is not identifiable."""
    x = design_matrix(table.patterns, interactions)
    y = table.counts.astype(float)
    if not estimable(x, y):
        return None
    beta = fit_poisson(x, y)
    if not np.all(np.isfinite(beta)):
        return None
    with np.errstate(over="ignore"):
        mu = np.exp(x @ beta)
    if not np.all(np.isfinite(mu)):
        return None
    return FittedModel(interactions=tuple(interactions), coefficients=beta,
                       loglik=_poisson_loglik(y, mu), deviance=_deviance(y, mu),
                       n_params=x.shape[1], unobserved=float(np.exp(beta[0])))


def hierarchical(terms) -> bool:
    """Every interaction's lower-order interactions are in the model too."""
    present = set(terms)
    return all(sub in present for term in terms if len(term) > 2
               for sub in combinations(term, len(term) - 1))


def default_max_order(n_lists: int) -> int:
    """Three-way interactions for three or four lists (as Rcapture's closedpMS.t), pairs beyond."""
    return n_lists - 1 if n_lists <= EXHAUSTIVE_UP_TO else 2


def select_model(table: CaptureTable, criterion: str = "bic", max_order: int | None = None,
                 ) -> tuple[FittedModel, list[FittedModel]]:
    """The best hierarchical model by AIC or BIC, and every model fitted on the way (best first).

    Interactions go up to `max_order` lists (never all lists at once: the all-list interaction
    is what cannot be estimated). Up to four lists every hierarchical model is fitted; from five
    lists a forward-backward stepwise search starts from independence.
    """
    if criterion not in ("aic", "bic"):
        raise ValueError(f"criterion must be 'aic', 'bic' or 'pvalue', not {criterion!r}")
    n_lists = len(table.lists)
    max_order = min(max_order or default_max_order(n_lists), n_lists - 1)
    terms = [t for order in range(2, max_order + 1) for t in combinations(range(n_lists), order)]
    fitted: dict[tuple, FittedModel | None] = {}

    def fit(interactions) -> FittedModel | None:
        key = tuple(sorted(interactions, key=lambda t: (len(t), t)))
        if key not in fitted:
            fitted[key] = fit_model(table, key)
        return fitted[key]

    def score(model):
        return model.criterion(criterion, table.observed)

    if n_lists <= EXHAUSTIVE_UP_TO:
        for size in range(len(terms) + 1):
            for chosen in combinations(terms, size):
                if hierarchical(chosen):
                    fit(chosen)
    else:
        current = fit(())
        if current is None:
            raise EstimationError("the independence model has no finite estimate on these data")
        while True:
            present = current.interactions
            neighbours = [tuple(t for t in present if t != drop) for drop in present]
            neighbours += [present + (add,) for add in terms if add not in present]
            neighbours = [n for n in neighbours if hierarchical(n)]
            candidates = [m for m in map(fit, neighbours) if m is not None]
            best = min(candidates, key=score, default=None)
            if best is None or score(best) >= score(current) - 1e-9:
                break
            current = best
    models = sorted((m for m in fitted.values() if m is not None), key=score)
    if not models:
        raise EstimationError("no log-linear model has a finite, identifiable estimate on these data")
    return models[0], models


def profile_interval(table: CaptureTable, model: FittedModel, level: float = 0.95) -> tuple[float, float]:
    """Profile-likelihood interval for the total N under `model` (Cormack 1992; Rcapture).

    For a trial N the unobserved cell is given the count N - n and the model is fitted to the
    complete 2**J table; the multinomial log-likelihood of N is
    log N! - log (N - n)! + sum over cells of count * log(fitted / N). The interval is every N
    whose log-likelihood is within chi2(1, level) / 2 of the maximum. The upper end is infinite
    when the likelihood never falls that far (the data cannot bound the total).
    """
    n = float(table.observed)
    patterns = np.vstack([np.zeros((1, len(table.lists)), dtype=np.int8), table.patterns])
    x = design_matrix(patterns, model.interactions)
    observed_counts = table.counts.astype(float)
    start = model.coefficients.copy()

    def loglik(total: float) -> float:
        # At N = n the unobserved cell is empty and the intercept runs off to minus infinity; a
        # vanishing count gives the same likelihood in the limit and a fit that converges.
        y = np.concatenate([[max(total - n, 1e-9)], observed_counts])
        beta = fit_poisson(x, y, start=start)
        if not np.all(np.isfinite(beta)):
            return -np.inf
        with np.errstate(over="ignore"):
            mu = np.exp(x @ beta)
        if not np.all(np.isfinite(mu)):
            return -np.inf
        with np.errstate(divide="ignore", invalid="ignore"):
            fit_term = np.sum(np.where(y > 0, y * np.log(mu / mu.sum()), 0.0))
        return float(gammaln(total + 1.0) - gammaln(max(total - n, 0.0) + 1.0) + fit_term)

    centre = n + model.unobserved
    best = minimize_scalar(lambda t: -loglik(t), bounds=(n, max(centre * 3, n + 10)), method="bounded",
                           options={"xatol": 1e-3})
    top_at = float(best.x) if loglik(float(best.x)) >= loglik(centre) else centre
    top = loglik(top_at)
    drop = chi2.ppf(level, 1) / 2.0

    def gap(total: float) -> float:
        return top - loglik(total) - drop

    lower = n if gap(n) <= 0 else brentq(gap, n, top_at, xtol=1e-3)
    upper = np.inf
    step = max(top_at - n, 10.0)
    previous = top_at
    for _ in range(40):
        trial = previous + step
        if gap(trial) > 0:
            upper = brentq(gap, previous, trial, xtol=1e-3)
            break
        previous, step = trial, step * 2.0
        if trial > 1e9:
            break
    return float(lower), float(upper)


def term_names(lists, interactions) -> list[str]:
    return list(lists) + [":".join(lists[i] for i in term) for term in interactions]


def stepwise_pvalue(table: CaptureTable, pthresh: float = 0.02) -> tuple[FittedModel, list[FittedModel]]:
    """SparseMSE's forward stepwise selection (Chan, Silverman and Vincent 2021), pairs only.

    From the independence model, repeatedly add the pairwise interaction whose observed overlap
    (victims on both lists) is least likely under the current model, by a two-sided Poisson
    tail probability, while that probability is below `pthresh` and the enlarged model's
    estimate exists and is identifiable. Unlike SparseMSE, a pair of lists that never overlap is
    never added (SparseMSE adds it as a structural zero).
    """
    from scipy.stats import poisson

    pairs = list(combinations(range(len(table.lists)), 2))
    current = fit_model(table, ())
    if current is None:
        raise EstimationError("the independence model has no finite estimate on these data")
    path = [current]
    overlap = {p: int(table.counts @ (table.patterns[:, p[0]] * table.patterns[:, p[1]])) for p in pairs}
    while True:
        fitted = np.exp(design_matrix(table.patterns, current.interactions) @ current.coefficients)
        best, best_p = None, pthresh
        for pair in pairs:
            if pair in current.interactions:
                continue
            both = table.patterns[:, pair[0]] * table.patterns[:, pair[1]]
            expected = float(fitted @ both)
            p_value = min(poisson.cdf(overlap[pair], expected), poisson.sf(overlap[pair] - 1, expected))
            if p_value < best_p:
                candidate = fit_model(table, tuple(sorted(current.interactions + (pair,))))
                if candidate is not None:
                    best, best_p = candidate, p_value
        if best is None:
            return current, path
        current = best
        path.append(current)


def estimate_loglinear(table: CaptureTable, *, criterion: str = "bic", level: float = 0.95,
                       max_order: int | None = None) -> dict:
    """Select a model, estimate the total and its profile-likelihood interval.

    criterion: "bic" (the default, as Rcapture) or "aic" (search over hierarchical models), or
    "pvalue" (SparseMSE's stepwise p-value thresholding at 0.02, pairwise interactions only).
    """
    n_cells = len(table.counts)
    n = table.observed
    if criterion == "pvalue":
        model, models = stepwise_pvalue(table)
        best_score = model.criterion("aic", n)
        runners_up = []
    else:
        model, models = select_model(table, criterion, max_order)
        best_score = model.criterion(criterion, n)
        runners_up = [
            {"model": term_names(table.lists, m.interactions),
             "delta_" + criterion: round(m.criterion(criterion, n) - best_score, 2),
             "estimate": round(table.observed + m.unobserved)}
            for m in models[1:] if m.criterion(criterion, n) - best_score <= 4.0
        ][:5]
    lower, upper = profile_interval(table, model, level)
    return {
        "estimate": table.observed + model.unobserved,
        "lower": lower,
        "upper": upper,
        "model": term_names(table.lists, model.interactions),
        "criterion": criterion,
        ("aic" if criterion == "pvalue" else criterion): round(best_score, 2),
        "deviance": round(model.deviance, 3),
        "residual_df": n_cells - model.n_params,
        "models_considered": len(models),
        "search": ("forward stepwise by p-value" if criterion == "pvalue" else
                   "all models" if len(table.lists) <= EXHAUSTIVE_UP_TO else "stepwise"),
        "interval_method": "profile likelihood (conditional on the selected model)",
        "close_models": runners_up,
    }
