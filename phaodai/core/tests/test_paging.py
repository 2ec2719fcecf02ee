from phaodai.core.paging import CAP, CappedPaginator


def test_a_list_longer_than_the_cap_is_cut_and_says_so():
    paginator = CappedPaginator(list(range(CAP + 500)), 25)
    assert paginator.count == CAP
    assert paginator.capped
    assert paginator.num_pages == CAP // 25


def test_a_short_list_is_counted_exactly():
    paginator = CappedPaginator(list(range(30)), 25)
    assert paginator.count == 30
    assert not paginator.capped
