"""`rank`, `rank-change`, `derive`, `crossing`: derived indicators and peer rankings."""

from __future__ import annotations

from typing import Annotated

import typer

from zonemetrics.cli.common import JSON_HELP, read_answer, store_for_reading, stored_peer_set
from zonemetrics.cli.render import print_json, print_table, value_text
from zonemetrics.errors import ZonemetricsError

JsonOption = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
PeersOption = Annotated[
    str,
    typer.Option(
        "--peers",
        help="The peers: a zone kind or peer set, e.g. new_area (= new_areas), province, "
        "national_htz, hunan_zones (see data/catalog/zone_kinds.yaml).",
    ),
]
IndicatorArgument = Annotated[str, typer.Argument(help="Indicator code (base or derived).")]
ZoneArgument = Annotated[str, typer.Argument(help="Zone id or any of its names (湘江新区).")]
# the option spelling earlier versions used for a single zone, still accepted
OldZoneOption = Annotated[str | None, typer.Option("--zone", hidden=True)]
BackendOption = Annotated[
    str | None,
    typer.Option(
        "--backend",
        help="Engine: duckdb (the store, default), pyspark, spark://HOST:PORT or "
        "postgres://USER:PASS@HOST:PORT/DB; the same expressions run on each.",
    ),
]


def register(app: typer.Typer) -> None:
    @app.command("rank")
    def rank_command(
        ctx: typer.Context,
        indicator: IndicatorArgument,
        year: Annotated[int, typer.Option(help="Calendar year.")],
        peers: PeersOption = "new_area",
        caliber: Annotated[
            str | None, typer.Option(help="Only values on this caliber (refuse mixes).")
        ] = None,
        backend: BackendOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Rank a peer set on an indicator: min-rank ties, the peer set and how many
        peers had data, bound-only and missing peers, mixed calibers flagged, and any
        rank a source reports shown beside the computed one; each source with its tier."""
        peer_set = stored_peer_set(peers)

        def compute(store):
            from zonemetrics.indicators.rank import rank_with_reported
            from zonemetrics.store.remote import tables_on

            tables = tables_on(store, backend)
            ranking = rank_with_reported(tables, indicator, year, peer_set, caliber).as_dict()
            tiers = dict(store.sql("SELECT source_id, tier FROM sources"))
            for row in ranking["rows"]:
                row["source_tiers"] = {s: tiers.get(s) for s in row["source_ids"]}
            return ranking

        params = {"indicator": indicator, "year": year, "peers": peer_set, "caliber": caliber}
        if backend in (None, "", "duckdb"):
            ranking = read_answer(ctx, "rank", params, compute)
        else:  # another engine: computed there every time, as asked
            ranking = compute(store_for_reading(ctx))
        if as_json:
            print_json(ranking)
            return
        caption = (
            f"{ranking['with_data']} of {ranking['of']} {peers} have an exact value for "
            f"{year}; bound only: {', '.join(ranking['bound_only']) or 'none'}; "
            f"no data: {', '.join(ranking['missing']) or 'none'}"
        )
        if ranking["mixed_calibers"]:
            caption += f"; MIXED CALIBERS: {ranking['calibers']}"
        print_table(
            f"{indicator} {year}: rank among {peers} ({ranking['direction']})",
            [
                "rank",
                "range with bounds",
                "zone",
                "名称",
                "value",
                "caliber",
                "reported",
                "sources [tier]",
            ],
            [
                (
                    r["rank"],
                    f"{r['rank_best']}–{r['rank_worst']}" if r["rank"] is not None else None,
                    r["name_en"],
                    r["name_zh"],
                    value_text(r) if r["value"] is not None else None,
                    r["caliber"],
                    r["reported_rank"],
                    ", ".join(f"{s} [{t}]" for s, t in r["source_tiers"].items()),
                )
                for r in ranking["rows"]
            ],
            caption=caption,
        )

    @app.command("rank-change")
    def rank_change_command(
        ctx: typer.Context,
        indicator: IndicatorArgument,
        start: Annotated[int, typer.Option("--from", help="First year.")],
        end: Annotated[int, typer.Option("--to", help="Second year.")],
        peers: PeersOption = "new_area",
        as_json: JsonOption = False,
    ) -> None:
        """Each peer's rank in two years and how far it moved."""
        from zonemetrics.indicators.rank import rank_change

        store = store_for_reading(ctx)
        result = rank_change(store, indicator, start, end, stored_peer_set(peers))
        if as_json:
            print_json(result)
            return
        print_table(
            f"{indicator}: rank change {start} -> {end} among the {result['of']} {peers} "
            "with an exact value in both years on the same caliber",
            ["zone", "名称", "caliber", f"rank {start}", f"rank {end}", "change"],
            [
                (
                    r["zone"],
                    r["name_zh"],
                    r["caliber"],
                    r[f"rank_{start}"],
                    r[f"rank_{end}"],
                    r["change"],
                )
                for r in result["rows"]
            ],
            caption="left out: "
            + ("; ".join(f"{z} ({why})" for z, why in result["left_out"].items()) or "none"),
        )

    @app.command("derive")
    def derive_command(
        ctx: typer.Context,
        indicator: Annotated[str, typer.Argument(help="Derived indicator code.")],
        zone: Annotated[
            str | None, typer.Argument(help="Only this zone: its id or any of its names.")
        ] = None,
        old_zone: OldZoneOption = None,
        year: Annotated[int | None, typer.Option(help="Only periods including this year.")] = None,
        backend: BackendOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Values of a derived indicator with receipts (the observations and sources used)."""
        from zonemetrics.indicators.derive import derived_values
        from zonemetrics.ledger.aliases import resolve_zone
        from zonemetrics.store.remote import tables_on

        zone = zone or old_zone
        store = store_for_reading(ctx)
        zone_id = resolve_zone(store, zone) if zone else None
        rows = derived_values(tables_on(store, backend), indicator, zone_id, year)
        if as_json:
            print_json(rows)
            return
        print_table(
            f"{indicator}",
            ["zone", "period", "value", "unit", "caliber", "from"],
            [
                (
                    r["zone_id"],
                    r["period"],
                    value_text(r),
                    r["unit"],
                    r["caliber"],
                    "; ".join(
                        f"{x['indicator']} {x['period']} {x['original_text']} ({x['source_id']})"
                        for x in r["receipt"]
                    ),
                )
                for r in rows
            ],
        )

    @app.command("crossing")
    def crossing_command(
        ctx: typer.Context,
        zone: ZoneArgument,
        indicator: Annotated[str, typer.Argument(help="Indicator code, e.g. rd_intensity.")],
        threshold: Annotated[float, typer.Argument(help="The threshold, in --unit.")],
        unit: Annotated[str, typer.Option(help="Unit of the threshold: %, 亿元, ...")] = "%",
        as_json: JsonOption = False,
    ) -> None:
        """When a zone's indicator first went above a threshold ("surpassed five percent
        for the first time"), and whether the ledger can establish it."""
        from zonemetrics.indicators.thresholds import threshold_crossing
        from zonemetrics.ingest.units import parse_unit
        from zonemetrics.ledger.aliases import resolve_zone

        parsed = parse_unit(unit)
        if parsed is None:
            raise ZonemetricsError(f"unknown unit '{unit}'")
        store = store_for_reading(ctx)
        result = threshold_crossing(
            store, indicator, resolve_zone(store, zone), threshold * parsed.multiplier
        )
        if as_json:
            print_json(result)
            return
        above = result["first_year_known_above"] or "no year"
        below = result["last_year_known_at_or_below"] or "no year"
        print_table(
            f"{zone} {indicator} above {threshold}{unit} (caliber {result['caliber']})",
            ["period", "value", "status"],
            [(r["period"], value_text(r), r["status"]) for r in result["series"]],
            caption=(
                f"crossing year: {result['crossing_year']}"
                if result["established"]
                else f"not established: first known above: {above}; last known at or below: {below}"
            ),
        )
