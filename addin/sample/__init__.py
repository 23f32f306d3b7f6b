"""Realistic Chinese sample intake data and the demo."""

from .demo import demo_config, run_demo
from .generate import SampleData, generate_reps, write_sample_files

__all__ = [
    "SampleData",
    "demo_config",
    "generate_reps",
    "run_demo",
    "write_sample_files",
]
