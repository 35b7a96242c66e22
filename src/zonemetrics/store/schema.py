"""The ledger's schema, as an ordered list of migrations.

A store records the number of the last migration applied; opening an older store
applies the rest in one transaction, so a store is never left half-migrated.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the ledger
    """
    CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);

    CREATE TABLE sources (
        source_id VARCHAR PRIMARY KEY,
        title VARCHAR NOT NULL,
        producer VARCHAR NOT NULL,
        url VARCHAR,
        published VARCHAR,
        accessed VARCHAR,
        licence VARCHAR,
        tier VARCHAR NOT NULL,
        note VARCHAR,
        ingest_id BIGINT,
        vintage TIMESTAMP NOT NULL
    );

    CREATE TABLE indicators (
        code VARCHAR PRIMARY KEY,
        name_en VARCHAR NOT NULL,
        name_zh VARCHAR NOT NULL,
        unit VARCHAR NOT NULL,
        unit_mult DOUBLE NOT NULL,
        direction VARCHAR NOT NULL,
        definition VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        ingest_id BIGINT
    );

    CREATE TABLE zones (
        zone_id VARCHAR PRIMARY KEY,
        name_zh VARCHAR NOT NULL,
        name_en VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        parent VARCHAR,
        province VARCHAR,
        approval_date VARCHAR,
        approval_precision VARCHAR,
        approval_doc VARCHAR,
        source_id VARCHAR,
        note VARCHAR,
        ingest_id BIGINT
    );

    CREATE TABLE zone_aliases (
        alias_key VARCHAR PRIMARY KEY,
        alias VARCHAR NOT NULL,
        zone_id VARCHAR NOT NULL
    );

    CREATE SEQUENCE obs_id_seq START 1;

    CREATE TABLE observations (
        obs_id BIGINT PRIMARY KEY,
        zone_id VARCHAR NOT NULL,
        indicator VARCHAR NOT NULL,
        measure VARCHAR NOT NULL,
        peer_set VARCHAR NOT NULL,
        period VARCHAR NOT NULL,
        period_kind VARCHAR NOT NULL,
        period_start_year INTEGER,
        period_end_year INTEGER,
        value DOUBLE NOT NULL,
        value_high DOUBLE,
        qualifier VARCHAR NOT NULL,
        inclusive BOOLEAN,
        rounding DOUBLE NOT NULL,
        unit VARCHAR NOT NULL,
        unit_text VARCHAR NOT NULL,
        original_text VARCHAR NOT NULL,
        caliber VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        source_id VARCHAR NOT NULL,
        note VARCHAR,
        content_key VARCHAR NOT NULL,
        ingest_id BIGINT NOT NULL,
        vintage TIMESTAMP NOT NULL
    );

    CREATE TABLE searches (
        zone_id VARCHAR NOT NULL,
        indicator VARCHAR NOT NULL,
        period VARCHAR NOT NULL,
        tried VARCHAR NOT NULL,
        note VARCHAR,
        content_key VARCHAR NOT NULL,
        ingest_id BIGINT NOT NULL
    );

    CREATE SEQUENCE ingest_id_seq START 1;

    CREATE TABLE ingests (
        ingest_id BIGINT PRIMARY KEY,
        path VARCHAR NOT NULL,
        file_sha256 VARCHAR NOT NULL,
        table_kind VARCHAR NOT NULL,
        rows_read BIGINT NOT NULL,
        rows_added BIGINT NOT NULL,
        ingested_at TIMESTAMP NOT NULL
    );
    """,
    # 2: harvested candidate observations, reviewed before they enter the ledger
    """
    CREATE SEQUENCE candidate_id_seq START 1;

    CREATE TABLE candidates (
        candidate_id BIGINT PRIMARY KEY,
        source_id VARCHAR NOT NULL,
        sentence VARCHAR NOT NULL,
        zone_text VARCHAR,
        zone VARCHAR,
        indicator VARCHAR,
        measure VARCHAR NOT NULL,
        peer_set VARCHAR,
        period VARCHAR,
        value_text VARCHAR NOT NULL,
        unit_text VARCHAR NOT NULL,
        caliber VARCHAR NOT NULL,
        note VARCHAR,
        content_key VARCHAR NOT NULL,
        review VARCHAR NOT NULL,
        review_note VARCHAR,
        reviewed_at TIMESTAMP,
        obs_id BIGINT,
        harvested_at TIMESTAMP NOT NULL
    );
    """,
    # 3: a reviewer's corrections, kept beside what was read (which is never overwritten)
    """
    ALTER TABLE candidates ADD COLUMN corrections VARCHAR;
    """,
    # 4: rows imported with --accept-outliers, each with the plausibility rule it broke
    """
    CREATE TABLE observation_flags (
        obs_id BIGINT NOT NULL,
        rule VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        ingest_id BIGINT NOT NULL,
        flagged_at TIMESTAMP NOT NULL
    );
    """,
    # 5: the firm registry - firms by unified social credit code, their
    # yearly facts and their certifications, each row with its source and ingest
    """
    CREATE TABLE firms (
        uscc VARCHAR PRIMARY KEY,
        name_zh VARCHAR NOT NULL,
        name_en VARCHAR,
        address VARCHAR,
        province_id VARCHAR,
        city_id VARCHAR,
        county_id VARCHAR,
        zone_id VARCHAR,
        founded DATE,
        industry VARCHAR,
        source_id VARCHAR NOT NULL,
        ingest_id BIGINT NOT NULL
    );

    CREATE TABLE firm_facts (
        uscc VARCHAR NOT NULL,
        year INTEGER NOT NULL,
        revenue DOUBLE,
        rd_expense DOUBLE,
        rd_domestic_share DOUBLE,
        high_tech_revenue DOUBLE,
        employees DOUBLE,
        st_staff DOUBLE,
        net_assets DOUBLE,
        ip_class1 DOUBLE,
        ip_class2 DOUBLE,
        source_id VARCHAR NOT NULL,
        ingest_id BIGINT NOT NULL,
        PRIMARY KEY (uscc, year, source_id)
    );

    CREATE TABLE certifications (
        uscc VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        level VARCHAR,
        granted DATE NOT NULL,
        expires DATE,
        source_id VARCHAR NOT NULL,
        ingest_id BIGINT NOT NULL,
        PRIMARY KEY (uscc, kind, granted)
    );
    """,
    # 6 (registry helper): industrial chains (links from upstream to downstream, firms
    # placed in links) and innovation platforms, each row with its source and ingest
    """
    CREATE TABLE chains (
        chain_id VARCHAR PRIMARY KEY,
        zone_id VARCHAR NOT NULL,
        name_zh VARCHAR NOT NULL,
        name_en VARCHAR NOT NULL,
        source_id VARCHAR NOT NULL,
        note VARCHAR,
        ingest_id BIGINT NOT NULL
    );

    CREATE TABLE chain_links (
        chain_id VARCHAR NOT NULL,
        link_id VARCHAR NOT NULL,
        segment VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        name_zh VARCHAR NOT NULL,
        name_en VARCHAR NOT NULL,
        source_id VARCHAR NOT NULL,
        ingest_id BIGINT NOT NULL,
        PRIMARY KEY (chain_id, link_id)
    );

    CREATE TABLE chain_firms (
        chain_id VARCHAR NOT NULL,
        link_id VARCHAR,
        firm_zh VARCHAR NOT NULL,
        firm_en VARCHAR NOT NULL,
        uscc VARCHAR,
        role VARCHAR NOT NULL,
        source_id VARCHAR NOT NULL,
        note VARCHAR,
        ingest_id BIGINT NOT NULL
    );

    CREATE TABLE platforms (
        platform_id VARCHAR PRIMARY KEY,
        zone_id VARCHAR NOT NULL,
        name_zh VARCHAR NOT NULL,
        name_en VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        level VARCHAR NOT NULL,
        since VARCHAR,
        source_id VARCHAR NOT NULL,
        note VARCHAR,
        ingest_id BIGINT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

# The marker a ledger carries in its `meta` table, so that a DuckDB file of another
# program is recognised and refused rather than extended with the ledger's tables.
LEDGER_MARKER_KEY = "application"
LEDGER_MARKER = "zonemetrics ledger"

LEDGER_TABLES = (
    "meta",
    "sources",
    "indicators",
    "zones",
    "zone_aliases",
    "observations",
    "searches",
    "ingests",
    "candidates",
    "observation_flags",
    "firms",
    "firm_facts",
    "certifications",
    "chains",
    "chain_links",
    "chain_firms",
    "platforms",
)
