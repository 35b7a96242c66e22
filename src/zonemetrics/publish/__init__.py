"""Publishing the ledger: open exports (and later the report, web app and API)."""
