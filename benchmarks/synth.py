"""The synthetic data generator now lives in the package (`hrdscore demo-data`)."""

from hrdscore.demo import write_dataset

__all__ = ["write_dataset"]
