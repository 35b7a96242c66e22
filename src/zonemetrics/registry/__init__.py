"""The registry of zones below the new areas: every development zone of the 2018 national
catalogue and the 2023 statistical division codes, loaded as ledger zones, aliases and
sourced observations; zone kinds and peer sets as data."""
