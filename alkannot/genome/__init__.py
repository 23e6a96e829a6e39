"""Builds, transcript models and HGVS translation: pure functions over small immutable data."""
