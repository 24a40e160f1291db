"""A reviewer resolves 20 proposed pairs with the keyboard in Chromium; the decisions persist and
change the clusters of the next run of the real engine."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _cluster_of(run) -> dict[int, int]:
    return {int(pid): n for n, cluster in enumerate(run.clusters) for pid in cluster}


def test_reviewer_resolves_twenty_pairs_with_the_keyboard(settings, staff, new_page, log_in, screenshot):
    from linkage.conftest import synthetic_persons

    from sijill.linkage.models import CandidatePair, Decision
    from sijill.linkage.services import decisions_in_force, link_run

    settings.SIJILL_REQUIRE_2FA = False
    reviewer = staff("huda", role="analyst")
    truth = synthetic_persons(150, seed=5)
    first = link_run(kind="persons")
    assert first.pair_count >= 25
    clusters = _cluster_of(first)
    sizes = {n: len(c) for n, c in enumerate(first.clusters)}

    page = new_page()
    log_in(page, "huda")
    page.goto("/linkage/")
    screenshot(page, "linkage-01-queue")
    assert page.locator("article.pair").count() >= 20
    # j moves down, k back up: the first pair is current again.
    first_id = page.locator("article.pair.current").get_attribute("data-pair")
    page.keyboard.press("j")
    assert page.locator("article.pair.current").get_attribute("data-pair") != first_id
    page.keyboard.press("k")
    assert page.locator("article.pair.current").get_attribute("data-pair") == first_id

    # The reviewer's verdicts: what the ground truth says, except that three pairs the first run
    # had put together alone are judged different, and one is split.
    verdicts: dict[int, str] = {}
    overruled = 0
    for n in range(20):
        card = page.locator("article.pair.current")
        pair = CandidatePair.objects.get(pk=int(card.get_attribute("data-pair")))
        joined = clusters.get(pair.left_id) is not None and clusters.get(pair.left_id) == clusters.get(pair.right_id)
        if joined and sizes[clusters[pair.left_id]] == 2 and overruled < 3:
            key, overruled = "r", overruled + 1
        elif n == 19:
            key = "s"
        else:
            key = "a" if truth[pair.left_id] == truth[pair.right_id] else "r"
        page.keyboard.press(key)
        page.wait_for_selector(f"#pair-{pair.pk}.decided")
        verdicts[pair.pk] = {"a": "accept", "r": "reject", "s": "split"}[key]
    screenshot(page, "linkage-02-decided")
    assert overruled == 3

    # Persisted, with who decided; the queue no longer offers them.
    saved = {d.pair_id: d for d in Decision.objects.filter(pair__isnull=False)}
    assert {pk: d.verdict for pk, d in saved.items()} == verdicts
    assert {d.user_id for d in saved.values()} == {reviewer.pk}
    page.reload()
    shown = {int(pk) for pk in page.locator("article.pair").evaluate_all("cs => cs.map(c => c.dataset.pair)")}
    assert not shown & set(verdicts)

    second = link_run(kind="persons")
    assert second.decisions_used >= 20
    # A split takes a record out of its cluster, overruling earlier accepts that joined it: the
    # decision in force on each pair is what the next run must respect.
    in_force = decisions_in_force("persons")
    after = _cluster_of(second)
    changed = 0
    for pk in verdicts:
        pair = CandidatePair.objects.get(pk=pk)
        together = after.get(pair.left_id) is not None and after.get(pair.left_id) == after.get(pair.right_id)
        was = clusters.get(pair.left_id) is not None and clusters.get(pair.left_id) == clusters.get(pair.right_id)
        if in_force[(pair.left_id, pair.right_id)] == "accept":
            assert together
        elif sizes.get(clusters.get(pair.left_id)) == 2 and was:
            assert not together
        changed += together != was
    assert changed >= 3
