"""Narrative with receipts: statements generated from the ledger, and claims checked against it.

One statement grammar (`grammar`) serves both directions: `generate` writes statements
from data in English or Chinese, `extract` reads quantitative claims out of a text, and
`check` gives each claim a verdict with evidence that is independent of the text.
"""
