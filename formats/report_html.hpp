#pragma once

#include <string>

#include <nlohmann/json.hpp>

/// The page of `tier report --html` (tier-report(1)): one self-contained
/// HTML file, its charts inline SVG, each beside a table of its numbers,
/// with nothing fetched (no script, no font, no image from anywhere) and a
/// print style sheet. Pure: the page is a function of the figures.
namespace tier::formats {

/// The page of `figures`, an object of the figures as `tier stats --json`
/// gives them (cli/report.hpp figures_json):
///
///     {"title": "...", "since": "2026-09-07T00:00:00Z", "until": "2026-12-03T10:00:00Z",
///      "generated": "2026-12-03T10:00:00Z",
///      "totals": {...},                     (stats --json)
///      "weeks": [{"key": "2026-11-02", ...}, ...],          (stats --by week --json's rows)
///      "categories": [...], "organizations": [...],         (--by category, --by org)
///      "organization_names": {"milne": "Milne Library"}}
///
/// Every number a table shows carries the JSON value it comes from in a
/// `data-value` attribute (its text in `--json`), each row its key as JSON
/// in `data-key`, and the page holds the whole object in a
/// <script type="application/json" id="tier-figures">, data that is never
/// run, so that a script can check the page against `tier stats --json`.
/// That JSON is ASCII (other characters escaped); names shown are cleaned
/// of control characters and cut (tier-report(1)).
std::string report_html(const nlohmann::json& figures);

}  // namespace tier::formats
