"""meso: what mesotherapy sessions really cost a patient in France."""

__version__ = "0.1.0"
