"""Derived indicators and peer rankings, written once as Ibis expressions."""
