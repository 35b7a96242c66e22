"""`zones`, `show`, `sources`, `conflicts`: reading the ledger."""

from __future__ import annotations

from typing import Annotated

import typer

from zonemetrics.cli.common import JSON_HELP, read_answer, store_for_reading
from zonemetrics.cli.render import print_derived, print_json, print_table, value_text

JsonOption = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


def register(app: typer.Typer) -> None:
    @app.command("zones")
    def zones_command(
        ctx: typer.Context,
        kind: Annotated[
            str | None,
            typer.Option(
                help="Only zones of this kind or peer set: new_area, national_htz, "
                "national_etdz, provincial_dz, hunan_zones ..."
            ),
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """List zones with their names in Chinese and English."""

        def compute(store):
            from zonemetrics.ledger.listing import zones

            return zones(store, kind)

        rows = read_answer(ctx, "zones", {"kind": kind}, compute)
        if as_json:
            print_json(rows)
            return
        print_table(
            f"Zones ({len(rows)})",
            ["id", "名称", "name", "kind", "province", "approved", "approved area km2"],
            [
                (
                    r["zone_id"],
                    r["name_zh"],
                    r["name_en"],
                    r["kind"],
                    r["province"],
                    r["approval_date"],
                    None if r["approved_area_km2"] is None else round(r["approved_area_km2"], 4),
                )
                for r in rows
            ],
        )

    @app.command("show")
    def show_command(
        ctx: typer.Context,
        zone: Annotated[str, typer.Argument(help="Zone id or any of its names (湘江新区).")],
        year: Annotated[
            int | None, typer.Option(help="Only periods that include this year.")
        ] = None,
        as_of: Annotated[
            str | None,
            typer.Option(
                "--as-of",
                help="What the ledger said on this date (2024-03-31: up to the end of that "
                "day) or at this moment (2024-03-31T12:00:00, UTC): later vintages ignored.",
            ),
        ] = None,
        as_json: JsonOption = False,
    ) -> None:
        """Every indicator and period held for a zone: preferred value, caliber, source,
        and how many other values stand beside it."""
        from zonemetrics.store.as_of import parse_moment

        moment = parse_moment(as_of) if as_of else None

        def compute(store):
            from zonemetrics.indicators.zone_view import zone_profile
            from zonemetrics.store.as_of import LedgerAsOf

            tables = store if moment is None else LedgerAsOf(store, moment)
            profile = zone_profile(tables, zone, year)
            return profile | {"as_of": moment.isoformat() if moment else None}

        params = {"zone": zone, "year": year, "as_of": moment.isoformat() if moment else None}
        data = read_answer(ctx, "show", params, compute)
        if as_json:
            print_json(data)
            return
        print_table(
            f"{data['name_zh']} · {data['name_en']} ({data['zone']})"
            + (f", as the ledger stood at {data['as_of']} UTC" if data["as_of"] else ""),
            [
                "indicator",
                "period",
                "value",
                "unit",
                "as written",
                "caliber",
                "source [tier]",
                "also held",
            ],
            [
                (
                    r["indicator"]
                    + (f" rank among {r['peer_set']}" if r["measure"] == "rank" else ""),
                    r["period"] or "undated",
                    value_text(r),
                    r["unit"],
                    r["original_text"],
                    r["caliber"],
                    f"{r['source_id']} [{r['tier']}]",
                    "; ".join(
                        f"{'≠' if b['judgement'] == 'conflicting' else '='} {b['original_text']} "
                        f"({b['source_id']})"
                        for b in r["beside"]
                    ),
                )
                for r in data["indicators"]
            ],
            caption="value in base units (CNY, percent, count, km2); also held: other sources' "
            "values, = agreeing within rounding, ≠ conflicting",
        )
        if data["derived"]:
            print_derived(
                "derived · 计算指标",
                data["derived"],
                "`zonemetrics derive CODE --zone ZONE` shows each receipt in full",
            )
        if data["ranks"]:
            print_table(
                "ranks · 排名",
                ["indicator", "year", "rank", "range with bounds", "of", "with data", "reported"],
                [
                    (
                        r["indicator"],
                        r["year"],
                        r["rank"],
                        f"{r['rank_best']}–{r['rank_worst']}" if r["rank"] else None,
                        f"{r['of']} {r['peer_set']}",
                        r["with_data"],
                        r["reported_rank"],
                    )
                    for r in data["ranks"]
                ],
                caption="computed among the peers with an exact value; reported: a rank a "
                "source states for the same year and peer set",
            )

    @app.command("sources")
    def sources_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
        """Every source, with its reliability tier and how many values it gives."""
        from zonemetrics.ledger import queries

        rows = queries.sources(store_for_reading(ctx))
        if as_json:
            print_json(rows)
            return
        print_table(
            f"Sources ({len(rows)})",
            ["id", "tier", "producer", "title", "published", "values"],
            [
                (
                    r["source_id"],
                    r["tier"],
                    r["producer"],
                    r["title"],
                    r["published"],
                    r["observations"],
                )
                for r in rows
            ],
        )

    @app.command("conflicts")
    def conflicts_command(
        ctx: typer.Context,
        zone: Annotated[
            str | None, typer.Argument(help="Only this zone: its id or any of its names.")
        ] = None,
        old_zone: Annotated[str | None, typer.Option("--zone", hidden=True)] = None,
        possible: Annotated[
            bool,
            typer.Option(
                "--possible",
                help="Instead: values on an unstated caliber that fit none of the named "
                "calibers held for the same figure.",
            ),
        ] = False,
        as_json: JsonOption = False,
    ) -> None:
        """Figures on which sources disagree beyond their rounding, side by side."""
        from zonemetrics.ledger import queries

        zone = zone or old_zone
        if possible:
            found = queries.possible_conflicts(store_for_reading(ctx), zone)
            if as_json:
                print_json(found)
                return
            print_table(
                f"Possible conflicts ({len(found)}): an unstated caliber that fits no named one",
                ["zone", "indicator", "period", "unstated", "named calibers"],
                [
                    (
                        r["zone_id"],
                        r["indicator"],
                        r["period"],
                        f"{r['unstated_text']} ({r['unstated_source']})",
                        "; ".join(
                            f"{c}: {t} ({src})"
                            for c, t, src in zip(
                                r["named"], r["named_texts"], r["named_sources"], strict=True
                            )
                        ),
                    )
                    for r in found
                ],
            )
            return
        groups = queries.conflicts(store_for_reading(ctx), zone)
        if as_json:
            print_json(groups)
            return
        rows = []
        for group in groups:
            for value in group["values"]:
                rows.append(
                    (
                        group["zone_id"],
                        group["indicator"],
                        group["period"],
                        group["caliber"],
                        value["judgement"],
                        value["original_text"],
                        value_text(value),
                        value["source_id"],
                        value["tier"],
                    )
                )
        print_table(
            f"Conflicts ({len(groups)} figures)",
            [
                "zone",
                "indicator",
                "period",
                "caliber",
                "judgement",
                "as written",
                "value",
                "source",
                "tier",
            ],
            rows,
        )
