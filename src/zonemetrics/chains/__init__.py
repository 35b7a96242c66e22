"""Industrial chains (links from upstream to downstream, the firms placed in them) and
innovation platforms (laboratories, science facilities, platforms by level), sourced."""
