"""Writes of testing: every one validated before anything is written, audited in the same transaction.

:mod:`.samples` takes samples and records results (with the kit leaving the stock and the round's
counters moving in the same transaction), :mod:`.pools` runs pooled RT-PCR, :mod:`.handover` passes a
positive result to the case registry after commit, :mod:`.rounds` and :mod:`.workplaces` plan the
testing.
"""
