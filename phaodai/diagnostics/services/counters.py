"""The maintained counters (rounds, pools), moved in the transaction of the write that changes them."""

from collections import Counter

from django.db.models import F

from phaodai.core import clock
from phaodai.diagnostics.models import Pool, Result, Round, Sample
from phaodai.diagnostics.reference import Outcome, PoolStatus


def count_sample(sample: Sample) -> None:
    if sample.round_id is not None:
        Round.objects.filter(pk=sample.round_id).update(sampled=F("sampled") + 1)


def count_results(results: list[Result]) -> None:
    """Add results to their rounds' counters: one UPDATE per round touched."""
    resulted: Counter[int] = Counter()
    positive: Counter[int] = Counter()
    for result in results:
        round_id = result.sample.round_id
        if round_id is not None:
            resulted[round_id] += 1
            positive[round_id] += result.outcome == Outcome.POSITIVE
    for round_id, count in resulted.items():
        Round.objects.filter(pk=round_id).update(
            resulted=F("resulted") + count, positive=F("positive") + positive[round_id]
        )


def close_pool_when_done(pool: Pool) -> None:
    """A pool waiting for its members' retests closes with the last member's result."""
    if pool.status == PoolStatus.RETEST and not pool.members.filter(resulted=False).exists():
        pool.status, pool.closed_at = PoolStatus.CLOSED, clock.now()
        pool.save(update_fields=["status", "closed_at"])
