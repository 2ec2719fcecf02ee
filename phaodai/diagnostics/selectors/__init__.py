"""Reads of testing; the scoped ones take the caller's jurisdiction."""
