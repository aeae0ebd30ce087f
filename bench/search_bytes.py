"""Bytes a visitor downloads from opening a document page to seeing the first search results.

    .venv/bin/python bench/search_bytes.py site/publik [--sida rutiner/.../] [--fraga orosanmälan]

Real Chromium (Debian's), the site served from 127.0.0.1 without a cache. Every response is
counted as a server with gzip would send it: text types (HTML, CSS, JavaScript, JSON, SVG)
gzip-compressed at level 6, everything else (Pagefind's chunks are gzip already, fonts, images)
as is. Prints one JSON object: total, per kind, the number of requests and the time from typing
the query to the results being shown.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS, new_context, serve  # noqa: E402

TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg", "application/xml")
QUERIES = ("orosanmälan", "placering")


def wire_bytes(body: bytes, content_type: str) -> int:
    """The size a gzip-enabled server would send."""
    if content_type.startswith(TEXT_TYPES) or content_type.endswith(("+json", "+xml", "javascript")):
        return len(gzip.compress(body, 6))
    return len(body)


def kind(url: str) -> str:
    if "/pagefind/" in url:
        return "sök"
    if url.endswith(".css"):
        return "css"
    if url.endswith(".js"):
        return "js"
    return "html" if url.endswith("/") or url.endswith(".html") else "övrigt"


def first_document_url(site: Path) -> str:
    """A document page of the site (from dokument.json), as a site-relative URL."""
    docs = json.loads((site / "dokument.json").read_text(encoding="utf-8"))
    current = [d for d in docs if not d.get("withdrawn")]
    url = current[len(current) // 2]["url"]
    return url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url


def measure(site: Path, root: Path | None = None, page_url: str | None = None, query: str = QUERIES[0]) -> dict:
    """Open a document page, type `query` in the search, wait for the results; count the bytes."""
    from playwright.sync_api import sync_playwright

    page_url = page_url or first_document_url(site)
    responses: list[tuple[str, int]] = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context, guard = new_context(browser)
            page = context.new_page()

            def record(response) -> None:  # noqa: ANN001 - Playwright Response
                try:
                    body = response.body()
                except Exception:  # redirects and aborted requests have no body
                    return
                responses.append((response.url, wire_bytes(body, response.headers.get("content-type", ""))))

            page.on("response", record)
            page.goto(base + page_url, wait_until="load")
            page.keyboard.press("/")
            started = time.perf_counter()
            page.keyboard.type(query, delay=30)
            typed = time.perf_counter()
            page.wait_for_selector(
                f"[data-kls-sok-klar={json.dumps(query, ensure_ascii=False)}]", state="attached", timeout=20000
            )
            shown = time.perf_counter()
            hits = page.locator("#kls-sok-resultat li").count()
            page.wait_for_timeout(300)  # let late responses land before counting
        finally:
            browser.close()
    per_kind: dict[str, int] = {}
    for url, size in responses:
        per_kind[kind(url)] = per_kind.get(kind(url), 0) + size
    return {
        "page": page_url,
        "query": query,
        "hits_shown": hits,
        "requests": len(responses),
        "bytes_total": sum(size for _, size in responses),
        "bytes_by_kind": per_kind,
        "seconds_after_last_key": round(shown - typed, 2),
        "seconds_from_first_key": round(shown - started, 2),
        "foreign_requests": guard.foreign,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Mäter nedladdade byte från dokumentsida till första sökträffarna.")
    parser.add_argument("webbplats", help="byggd webbplats, t.ex. site/publik")
    parser.add_argument("--sida", help="dokumentsida (standard: ett dokument ur dokument.json)")
    parser.add_argument("--fraga", default=QUERIES[0], help=f"sökord (standard {QUERIES[0]})")
    args = parser.parse_args()
    print(json.dumps(measure(Path(args.webbplats), page_url=args.sida, query=args.fraga), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
