from assistant.retrieval.fusion import RRF_K, reciprocal_rank_fusion


def test_an_item_ranked_by_both_scorers_beats_items_ranked_by_one() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "d"]])
    assert fused[0][0] == "c"
    assert dict(fused)["c"] == 1 / (RRF_K + 3) + 1 / (RRF_K + 1)


def test_scores_follow_rank_and_ties_break_by_id() -> None:
    fused = reciprocal_rank_fusion([["b", "a"], ["a", "b"]])
    assert [item for item, _ in fused] == ["a", "b"]
    assert fused[0][1] == fused[1][1]


def test_empty_rankings_fuse_to_nothing() -> None:
    assert reciprocal_rank_fusion([[], []]) == []
