"""The ledger's read side: zones and aliases, the reconciliation policy, queries."""
