"""Small real-data evaluations that run in seconds: floors on F1, and the gain over plain Splink."""

from real_data import shared_data

from sijill.linkage.engine import link_persons
from sijill.linkage.engine.evaluation import DEFAULT_DATA, load, score


def _data():
    shared_data("linkage/splink_datasets")
    shared_data("events/airwars_syria/airwars_syria_victims.csv")
    return DEFAULT_DATA


def test_arabic_synthetic_beats_plain_splink_by_a_wide_margin():
    dataset = load("arabic-synthetic", data=_data(), people=400, seed=11)
    ours = link_persons(dataset.records, threshold=0.5, cluster_threshold=0.5, explain=False)
    mine = score(ours.clusters, dataset.truth)["pairwise"]
    plain = score(dataset.baseline(), dataset.truth)["pairwise"]
    assert mine["f1"] >= 0.8, mine
    assert mine["f1"] >= plain["f1"] + 0.05, (mine, plain)


def test_febrl4_subset_links_the_two_files():
    dataset = load("febrl4", data=_data())
    keep = {f"rec-{i}" for i in range(600)}
    records = [r for r in dataset.records if dataset.truth[r.id] in keep]
    truth = {r.id: dataset.truth[r.id] for r in records}
    result = link_persons(records, threshold=0.5, cluster_threshold=0.5,
                          across_sources_only=True, explain=False)
    scores = score(result.clusters, truth)["pairwise"]
    assert scores["f1"] >= 0.9, scores


def test_fake_1000_precision_and_recall_floors():
    dataset = load("fake_1000", data=_data())
    result = link_persons(dataset.records, threshold=0.5, cluster_threshold=0.5, explain=False)
    scores = score(result.clusters, dataset.truth)
    assert scores["pairwise"]["precision"] >= 0.9, scores
    assert scores["pairwise"]["f1"] >= 0.6, scores
    assert scores["clusters"]["b_cubed_f1"] >= 0.75, scores


def test_scores_count_pairs_inside_clusters():
    truth = {"a": "1", "b": "1", "c": "1", "d": "2"}
    result = score([["a", "b"], ["c", "d"]], truth)
    assert result["pairwise"]["correct_pairs"] == 1
    assert result["pairwise"]["true_pairs"] == 3 and result["pairwise"]["predicted_pairs"] == 2
    assert result["clusters"]["true_clusters"] == 2


def test_mixed_names_give_many_more_different_people_and_are_still_linked():
    import random

    from sijill.linkage.synthetic import _MixedNames, generate, load_names

    victims = shared_data("events/airwars_syria/airwars_syria_victims.csv")
    identities, _pool = load_names(victims)
    rng = random.Random(3)
    mixed = _MixedNames(identities, [i[0][0] for i in identities if i[1] == "male"], rng)
    drawn = {tuple(rng.choice(mixed)[0]) for _ in range(20_000)}
    real = {tuple(parts) for parts, _sex, _age in identities}
    assert len(drawn) > 4 * len(real)  # 20,000 people, not the same 3,200 names again
    assert {parts[0] for parts in drawn} <= {parts[0] for parts in real}  # every part is a real one
    rows = generate(victims, people=3000, seed=5, mix_names=True)
    truth = {r.record.id: r.person_id for r in rows}
    result = link_persons([r.record for r in rows], threshold=0.5, cluster_threshold=0.5, explain=False)
    assert score(result.clusters, truth)["pairwise"]["f1"] >= 0.8
