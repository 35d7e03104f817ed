#!/usr/bin/python3
"""Opens pages of `tier report --html` in headless chromium and checks them
against `tier stats --json` (tests/e2e/report.bats).

    report_check.py STATS_DIR:PAGE...

STATS_DIR holds what `tier stats --json` printed for the period of PAGE:
totals.json, and week.json, category.json, org.json (with --by). For each
page, all in one browser, it prints "PAGE: ok, N charts, M numbers" or one
line per problem: a console message of level SEVERE, a chart without its
SVG or its table, a number that differs from stats or is shown wrongly, a
print style that cuts the tables. Exits 1 when a page has a problem.

Debian's selenium is for Debian's python: run it with /usr/bin/python3.
"""

import json
import math
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHARTS = ["volume", "backlog", "resolution", "sla", "satisfaction", "categories", "organizations"]
WEEKLY = ["volume", "backlog", "resolution", "sla", "satisfaction"]
COUNTS = {"created", "resolved", "handled", "backlog", "escalated_twice", "csat_count", "resolved_by_article"}
SHARES = {"first_contact_resolution", "sla_compliance", "reopen_rate"}
DURATIONS = {"first_response_mean", "first_response_median", "resolution_mean", "resolution_median"}
SCORES = {"handbacks_per_ticket", "csat_mean"}

# What the page shows, as plain data: the charts' sections (their SVGs'
# rendered sizes, their tables' columns and rows) and the totals. A cell's
# text is the text as rendered, "" when the cell is not shown (as
# WebDriver's element text).
SNAPSHOT = """
const shown = e => e.checkVisibility({opacityProperty: true, visibilityProperty: true}) ? e.innerText : "";
const cell = td => td ? {value: td.getAttribute("data-value"), text: shown(td)} : null;
const sections = {};
for (const id of arguments[0]) {
  const s = document.getElementById(id);
  if (!s) continue;
  sections[id] = {
    svgs: [...s.querySelectorAll("figure svg")].map(v => {
      const r = v.getBoundingClientRect();
      return [r.width, r.height];
    }),
    tables: s.querySelectorAll(".numbers table").length,
    columns: [...s.querySelectorAll("thead th[data-key]")].map(th => th.getAttribute("data-key")),
    rows: [...s.querySelectorAll("tbody tr")].map(tr => {
      const th = tr.querySelector("th");
      return {key: tr.getAttribute("data-key"), label: th ? shown(th) : null, cells: [...tr.querySelectorAll("td")].map(cell)};
    }),
  };
}
return {
  charts: [...document.querySelectorAll("section.chart")].map(s => s.id),
  sections: sections,
  totals: [...document.querySelectorAll("#totals tr[data-key]")].map(tr => ({key: tr.getAttribute("data-key"), cell: cell(tr.querySelector("td"))})),
};
"""


def duration(seconds):
    """core/time.cpp format_duration: the two largest units."""
    out = []
    for size, name in ((86400, "d"), (3600, "h"), (60, "m"), (1, "s")):
        if seconds >= size or (not out and size == 1):
            out.append("%d%s" % (seconds // size, name))
            seconds %= size
            if len(out) == 2:
                break
        elif out:
            break
    return " ".join(out)


def shown(key, value):
    """The text the page shows for a figure's value."""
    if value is None:
        return "\u2013"
    if key in COUNTS:
        return str(value)
    if key in SHARES or key.startswith("escalation_rate."):
        return "%d%%" % math.floor(value * 100 + 0.5)
    if key in DURATIONS:
        return duration(math.floor(value + 0.5))
    if key in SCORES:
        return "%.1f" % value
    raise KeyError(key)


def figure(row, key):
    if key.startswith("escalation_rate."):
        return row["escalation_rate"].get(key.split(".", 1)[1])
    return row[key]


class Page:
    def __init__(self, driver, path, stats):
        self.driver, self.path, self.stats = driver, path, stats
        self.problems, self.numbers = [], 0

    def problem(self, text):
        self.problems.append(text)

    def cell(self, where, key, td, want):
        """A table cell: its data-value is stats' value, its text that value shown."""
        self.numbers += 1
        got = json.loads(td["value"])
        if got != want:
            self.problem("%s %s: the page has %s, stats %s" % (where, key, json.dumps(got), json.dumps(want)))
        text = td["text"].strip()
        if text != shown(key, want):
            self.problem("%s %s: shown as '%s', not '%s'" % (where, key, text, shown(key, want)))

    def check(self):
        d = self.driver
        d.get("file://" + os.path.abspath(self.path))
        for entry in d.get_log("browser"):
            if entry["level"] == "SEVERE":
                self.problem("console: " + entry["message"])
        if d.title != "Help desk report":
            self.problem("title: '%s'" % d.title)

        # What the page shows, read in one call (a call per element took a
        # minute for three pages).
        self.page = d.execute_script(SNAPSHOT, CHARTS)
        if self.page["charts"] != CHARTS:
            self.problem("charts: %s, not %s" % (" ".join(self.page["charts"]), " ".join(CHARTS)))
        for chart in CHARTS:
            section = self.page["sections"].get(chart)
            if section is None:
                continue
            svgs = section["svgs"]
            if len(svgs) != 1 or svgs[0][0] < 100 or svgs[0][1] < 50:
                self.problem("chart '%s' has no SVG to see" % chart)
            if section["tables"] != 1:
                self.problem("chart '%s' has no table of its numbers" % chart)

        # The period at a glance: every figure of `tier stats --json`.
        totals = self.stats["totals"]
        seen = set()
        for tr in self.page["totals"]:
            key = tr["key"]
            seen.add(key)
            if tr["cell"] is None:
                self.problem("totals %s: no cell" % key)
                continue
            self.cell("totals", key, tr["cell"], figure(totals, key))
        wanted = {k for k in totals if k != "escalation_rate"}
        wanted |= {"escalation_rate." + t for t in totals["escalation_rate"]}
        if seen != wanted:
            self.problem("totals: the page shows %s, stats has %s" % (sorted(seen), sorted(wanted)))

        # The tables beside the charts: rows keyed as stats --by keys them.
        def rows_of(by):
            return {json.dumps(r["key"]): r for r in self.stats[by]["rows"]}

        weeks = rows_of("week")
        for chart in WEEKLY:
            self.table(chart, weeks, every_row=True)
        for chart, by in (("categories", "category"), ("organizations", "org")):
            rows = rows_of(by)
            shown_keys = self.table(chart, rows, every_row=False, labelled=by == "category")
            top = sorted(self.stats[by]["rows"], key=lambda r: -r["created"])[:10]
            if sorted(rows[k]["created"] for k in shown_keys) != sorted(r["created"] for r in top):
                self.problem("%s: not the ten with the most tickets created" % chart)

        data = json.loads(d.find_element(By.ID, "tier-figures").get_attribute("textContent"))
        if data.get("totals") != totals or data.get("weeks") != self.stats["week"]["rows"]:
            self.problem("the page's data is not stats --json")

        # Printed: the tables whole, each chart kept on one page.
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        style = d.execute_script(
            "const n = getComputedStyle(document.querySelector('.numbers'));"
            "const s = getComputedStyle(document.querySelector('section.chart'));"
            "return [n.overflowY, n.maxHeight, s.breakInside];")
        if style != ["visible", "none", "avoid"]:
            self.problem("print style: overflow, max-height, break-inside are %s" % style)
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        return self.problems

    def table(self, chart, rows, every_row, labelled=False):
        """Checks the table of a chart against stats' rows (and, `labelled`,
        that each row is headed by its key as text); the keys it shows."""
        section = self.page["sections"].get(chart)
        if section is None:
            return []
        columns = section["columns"]
        keys = []
        for tr in section["rows"]:
            key = tr["key"]
            keys.append(key)
            if key not in rows:
                self.problem("%s: a row %s that stats has not" % (chart, key))
                continue
            label = (tr["label"] or "").strip()
            if labelled and label != (rows[key]["key"] or "(none)"):
                self.problem("%s: the row %s is headed '%s'" % (chart, key, label))
            for column, td in zip(columns, tr["cells"]):
                self.cell("%s %s" % (chart, key), column, td, figure(rows[key], column))
        if every_row and sorted(keys) != sorted(rows):
            self.problem("%s: rows %s, stats has %s" % (chart, sorted(keys), sorted(rows)))
        return keys


def load_stats(directory):
    stats = {}
    for name in ("totals", "week", "category", "org"):
        with open(os.path.join(directory, name + ".json"), encoding="utf-8") as f:
            stats[name] = json.load(f)
    return stats


def main():
    if len(sys.argv) < 2 or any(":" not in a for a in sys.argv[1:]):
        sys.exit("usage: report_check.py STATS_DIR:PAGE...")
    options = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--window-size=1280,2000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    failed = False
    try:
        for arg in sys.argv[1:]:
            directory, path = arg.split(":", 1)
            page = Page(driver, path, load_stats(directory))
            problems = page.check()
            name = os.path.basename(path)
            if problems:
                failed = True
                for p in problems:
                    print("%s: %s" % (name, p))
            else:
                print("%s: ok, %d charts, %d numbers" % (name, len(CHARTS), page.numbers))
    finally:
        driver.quit()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
