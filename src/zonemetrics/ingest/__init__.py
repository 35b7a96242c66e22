"""Reading files into the ledger: readers, units, values, periods, validation."""
