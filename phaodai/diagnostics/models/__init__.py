"""Testing: labs, samples and their results, pooled samples, testing rounds, workplace shifts."""

from phaodai.diagnostics.models.rounds import Round
from phaodai.diagnostics.models.samples import Lab, Pool, Result, Sample
from phaodai.diagnostics.models.workplaces import Enterprise, Shift, Worker

__all__ = ["Enterprise", "Lab", "Pool", "Result", "Round", "Sample", "Shift", "Worker"]
