from assistant.retrieval.diversity import Candidate, diverse, shared_share


def test_at_most_the_cap_per_document_and_rank_order_kept() -> None:
    ranked = [Candidate(f"a{i}", "a", i * 100, i * 100 + 90) for i in range(4)]
    ranked.insert(2, Candidate("b0", "b", 0, 90))
    picked = diverse(ranked, k=4, max_per_document=2)
    assert [c.chunk_id for c in picked] == ["a0", "a1", "b0"]


def test_a_chunk_mostly_repeating_a_picked_one_is_skipped() -> None:
    first = Candidate("a0", "a", 0, 100)
    repeat = Candidate("a1", "a", 10, 105)  # 90 of its 95 characters are in a0
    neighbour = Candidate("a2", "a", 80, 200)  # shares 20 characters: kept
    picked = diverse([first, repeat, neighbour], k=3, max_per_document=5)
    assert [c.chunk_id for c in picked] == ["a0", "a2"]


def test_shared_share_is_zero_across_documents() -> None:
    assert shared_share(Candidate("x", "a", 0, 10), Candidate("y", "b", 0, 10)) == 0.0
    assert shared_share(Candidate("x", "a", 0, 10), Candidate("y", "a", 5, 10)) == 1.0


def test_stops_at_k() -> None:
    ranked = [Candidate(f"d{i}", f"d{i}", 0, 10) for i in range(10)]
    assert len(diverse(ranked, k=3, max_per_document=1)) == 3
