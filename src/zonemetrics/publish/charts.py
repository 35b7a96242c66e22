"""One chart layer for every outlet: charts are Vega-Lite specifications (plain dicts).

The report, the web app and the index plots all build the same kind of specification,
so a chart looks the same wherever it is shown. Rendering goes through vl-convert,
which carries Vega and Vega-Lite inside its wheel: SVG, PNG and PDF are drawn without a
browser or a network, and HTML embeds the JavaScript bundle so a page opens offline.
vl-convert is imported only when a chart is rendered, so commands that draw nothing
never pay for it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from zonemetrics.errors import ZonemetricsError

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
VEGA_LITE_VERSION = "5.20"
RENDERED_KINDS = ("svg", "png", "pdf", "html", "json")

#: Debian's fonts-noto-cjk and common fallbacks: SVG/PNG text in Chinese needs a CJK face
CJK_FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")
FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, sans-serif"

Spec = dict[str, Any]


def base_spec(title: str | None = None, description: str | None = None) -> Spec:
    """A specification's common head: schema, font and a description used as alt text."""
    spec: Spec = {
        "$schema": VEGA_LITE_SCHEMA,
        "config": {"font": FONT_FAMILY, "view": {"stroke": None}},
    }
    if title:
        spec["title"] = title
    if description:
        spec["description"] = description
    return spec


@cache
def _converter():  # -> module vl_convert
    try:
        import vl_convert
    except ImportError as exc:  # pragma: no cover - it is a core dependency
        raise ZonemetricsError("drawing charts needs the vl-convert-python package") from exc
    for folder in CJK_FONT_DIRS:
        if Path(folder).is_dir():
            vl_convert.register_font_directory(folder)
    return vl_convert


def to_svg(spec: Spec) -> str:
    return _converter().vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION)


def to_png(spec: Spec, scale: float = 2.0) -> bytes:
    return _converter().vegalite_to_png(spec, vl_version=VEGA_LITE_VERSION, scale=scale)


def to_pdf(spec: Spec) -> bytes:
    return _converter().vegalite_to_pdf(spec, vl_version=VEGA_LITE_VERSION)


def to_html(spec: Spec) -> str:
    """A standalone page with Vega's scripts inlined: it draws with no network."""
    return _converter().vegalite_to_html(spec, vl_version=VEGA_LITE_VERSION, bundle=True)


def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script, for pages that draw many charts."""
    return _converter().javascript_bundle(vl_version=VEGA_LITE_VERSION)


def render(spec: Spec, out: Path) -> Path:
    """Write a chart in the format its file name asks for (.svg .png .pdf .html .json)."""
    kind = out.suffix.lower().lstrip(".")
    if kind not in RENDERED_KINDS:
        raise ZonemetricsError(
            f"{out}: cannot write a chart as '.{kind}'; use one of "
            + ", ".join(f".{k}" for k in RENDERED_KINDS)
        )
    if kind == "svg":
        out.write_text(to_svg(spec), encoding="utf-8")
    elif kind == "png":
        out.write_bytes(to_png(spec))
    elif kind == "pdf":
        out.write_bytes(to_pdf(spec))
    elif kind == "html":
        out.write_text(to_html(spec), encoding="utf-8")
    else:
        out.write_text(json.dumps(spec, ensure_ascii=False, indent=2), encoding="utf-8")
    return out
