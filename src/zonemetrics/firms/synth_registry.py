"""A SYNTHETIC firm registry (firms, yearly facts, certifications) for tests and demos.

Real registry extracts cannot be bundled, but the registry's loaders, the address
resolution, the certification assessment and the bottom-up counts must be exercised on
files of registry shape. Firms get credit codes valid under GB 32100 (registered in the
county of their address), addresses in real counties of the chosen province, sizes with
the registry skew of `firms.synth` (a lognormal body and a Pareto tail), sector R&D
habits from `firms.synth.SECTORS`, and certifications granted only where the synthetic
facts meet the official thresholds (HNTE: R&D band, S&T staff and high-tech revenue
shares; specialized SME: R&D amount and ratio, revenue), so certification rates follow
from the rules rather than being set by hand.

Every name says it is synthetic ("合成企业 …（虚构）", "Synthetic firm … (not real)"), and
every row cites one source whose title says the same.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from zonemetrics.firms.synth import SECTORS
from zonemetrics.firms.uscc import CODE_CHARACTERS, check_character, organisation_check
from zonemetrics.registry.divisions import divisions

#: a GB/T 4754-2017 division code for each synthetic sector of `firms.synth.SECTORS`
SECTOR_INDUSTRY = {
    "electronics_ict": "C39",
    "biomedicine": "C27",
    "software_it_services": "I65",
    "new_materials": "C30",
    "equipment_manufacturing": "C34",
    "automotive": "C36",
    "chemicals": "C26",
    "business_services": "L72",
    "construction_real_estate": "K70",
    "wholesale_retail": "F51",
}
YEARS = (2021, 2022, 2023)


@dataclass(frozen=True)
class RegistryFiles:
    folder: Path
    firms: int
    facts: int
    certifications: int
    source_id: str


def _code(rng: np.random.Generator, county_code: str) -> str:
    body = "".join(rng.choice(list(CODE_CHARACTERS), 8))
    first = "91" + county_code + body + organisation_check(body)
    return first + check_character(first)


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_synthetic_registry(
    folder: Path, firms: int = 2000, seed: int = 0, province_code: str = "43"
) -> RegistryFiles:
    """Write sources.csv, firms.csv, firm_facts.csv and certifications.csv to `folder`."""
    rng = np.random.default_rng([seed, 14])
    folder.mkdir(parents=True, exist_ok=True)
    units = {u.code: u for u in divisions()}
    counties = [u for u in divisions() if u.level == "county" and u.province_code == province_code]
    source_id = f"synthetic-registry-{province_code}-seed{seed}"
    _write(
        folder / "sources.csv",
        [
            {
                "source_id": source_id,
                "title": "SYNTHETIC firm registry made by zonemetrics synth registry: no row "
                "is a real firm",
                "producer": "zonemetrics (synthetic data generator)",
                "url": "",
                "published": "",
                "tier": "blog",
                "note": f"seed {seed}, {firms} firms, province {province_code}",
            }
        ],
    )
    sector = rng.choice(
        len(SECTORS),
        firms,
        p=np.array([s.weight for s in SECTORS]) / sum(s.weight for s in SECTORS),
    )
    size = rng.lognormal(np.log(2e7), 1.5, firms)
    giants = rng.random(firms) < 0.02
    size[giants] *= 10 * (1 + rng.pareto(1.1, giants.sum()))
    rd_median = np.array([s.rd_share_median for s in SECTORS])[sector]
    rd_share = rd_median * rng.lognormal(0.0, 0.8, firms)
    rd_share[rng.random(firms) < np.array([s.no_rd_probability for s in SECTORS])[sector]] = 0.0
    high_tech = np.array([s.high_tech_field for s in SECTORS])[sector]
    firm_rows, fact_rows, cert_rows = [], [], []
    for i in range(firms):
        county = counties[rng.integers(len(counties))]
        city = units.get(county.city_code or "")
        province = units[county.province_code]
        code = _code(rng, county.code)
        founded = f"{rng.integers(1995, 2021)}-{rng.integers(1, 13):02d}-{rng.integers(1, 29):02d}"
        firm_rows.append(
            {
                "uscc": code,
                "name_zh": f"合成企业{i + 1:05d}（虚构）",
                "name_en": f"Synthetic firm {i + 1} (not real)",
                "address": f"{province.name}{city.name if city else ''}{county.name}"
                f"合成路{i + 1}号",
                "founded": founded,
                "industry": SECTOR_INDUSTRY[SECTORS[sector[i]].name],
                "source": source_id,
            }
        )
        revenue = size[i] * np.cumprod(rng.lognormal(0.05, 0.15, len(YEARS)))
        employees = np.maximum(1, np.round(revenue / rng.lognormal(np.log(9e5), 0.5)))
        st_share = rng.beta(2, 10) if not high_tech[i] else rng.beta(3, 12)
        ht_share = rng.beta(6, 2) if high_tech[i] else rng.beta(1, 6)
        rd = revenue * rd_share[i] * rng.lognormal(0, 0.15, len(YEARS))
        for y, year in enumerate(YEARS):
            fact_rows.append(
                {
                    "uscc": code,
                    "year": year,
                    "revenue": round(float(revenue[y])),
                    "rd_expense": round(float(rd[y])) if rd_share[i] > 0 else "",
                    "rd_domestic_share": round(float(rng.uniform(0.5, 1.0)), 3)
                    if rd_share[i] > 0
                    else "",
                    "high_tech_revenue": round(float(revenue[y] * ht_share)),
                    "employees": int(employees[y]),
                    "st_staff": int(np.floor(employees[y] * st_share)),
                    "net_assets": round(float(revenue[y] * rng.uniform(0.3, 1.2))),
                    "ip_class1": int(rng.poisson(0.5 + 4 * rd_share[i])),
                    "ip_class2": int(rng.poisson(1 + 10 * rd_share[i])),
                    "source": source_id,
                }
            )
        last, band = (
            revenue[-1],
            (0.05 if revenue[-1] <= 5e7 else 0.04 if revenue[-1] <= 2e8 else 0.03),
        )
        rd_ratio = rd.sum() / revenue.sum() if rd_share[i] > 0 else 0.0
        if rd_ratio >= band and st_share >= 0.10 and ht_share >= 0.60 and rng.random() < 0.7:
            granted = date(YEARS[-1] - int(rng.integers(0, 3)), 12, int(rng.integers(1, 29)))
            expires = granted.replace(year=granted.year + 3) - timedelta(days=1)  # 3 years
            cert_rows.append(
                {"uscc": code, "kind": "high_tech_enterprise", "level": "national",
                 "granted": granted.isoformat(), "expires": expires.isoformat(),
                 "source": source_id}
            )  # fmt: skip
        if rd[-1] >= 1e6 and rd[-1] / last >= 0.03 and last >= 1e7 and rng.random() < 0.3:
            cert_rows.append(
                {"uscc": code, "kind": "specialized_sme", "level": "provincial",
                 "granted": f"{YEARS[-1]}-07-01", "expires": f"{YEARS[-1] + 3}-06-30",
                 "source": source_id}
            )  # fmt: skip
    _write(folder / "firms.csv", firm_rows)
    _write(folder / "firm_facts.csv", fact_rows)
    if cert_rows:
        _write(folder / "certifications.csv", cert_rows)
    (folder / "README.txt").write_text(
        "SYNTHETIC firm registry made by `zonemetrics synth registry`. No row is a real firm;\n"
        "use it to test loaders, assessment and counts, never as a source of figures.\n",
        encoding="utf-8",
    )
    return RegistryFiles(folder, len(firm_rows), len(fact_rows), len(cert_rows), source_id)
