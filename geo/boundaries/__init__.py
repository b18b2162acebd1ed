"""Boundaries: the province's communes and districts in each era, built from raw files into
layers, read back, and matched by (messy) name."""

from geo.boundaries.layers import CREDIT, read_eras, read_layer, to_geojson, unit_names
from geo.boundaries.matching import ERAS, FUZZY_CUTOFF, Gazetteer, Match, match_report

__all__ = ["CREDIT", "ERAS", "FUZZY_CUTOFF", "Gazetteer", "Match", "match_report",
           "read_eras", "read_layer", "to_geojson", "unit_names"]
