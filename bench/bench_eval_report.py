"""Evaluation report render time in Chromium: the full suite of both corpora (every item, and
the test split), stored as a run without calling the engine, published, and opened from disk.

    uv run --no-sync python bench/bench_eval_report.py [--rounds 5]

Prints the median and worst load time (navigation start to load event end) per report size;
the budget is 2 s. Results go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.publish import publish  # noqa: E402
from eval.report import HTML_FILE  # noqa: E402
from tests.eval.full_run import make_full_run  # noqa: E402
from tests.web.conftest import ARGS, CHROMIUM  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        print("| report | items | HTML size | load median | load worst |")
        print("|---|---|---|---|---|")
        for split in ("all", "test"):
            run_dir = make_full_run(Path(tmp) / split, split=split)
            report = publish(run_dir, gate=True)
            html = run_dir / HTML_FILE
            times = []
            for _ in range(args.rounds):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(html.as_uri())
                page.wait_for_load_state("load")
                times.append(
                    page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                )
                page.close()
            print(
                f"| {split} split, both corpora | {len(report['items'])} | "
                f"{html.stat().st_size / 1024:.0f} KB | {statistics.median(times):.0f} ms | "
                f"{max(times):.0f} ms |"
            )
        browser.close()


if __name__ == "__main__":
    main()
