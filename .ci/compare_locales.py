"""Runs Mozilla's compare-locales over locales/ and fails on any problem it finds.

Two runs: each base language (a folder without a region, such as `bn`) against the
English reference (`locales/l10n.toml`), then each regional variant against the first
variant of its language (`locales/l10n-variants.toml`). A base language may use terms
that English has no need of (`-service`): compare-locales warns of those ("obsolete term
reference"), and they are fine exactly when every variant of that language defines the
term, which is checked here instead; likewise a message reference English has no need
of (`time-oclock`), fine when the base language defines the message.
"""

import json
import pathlib
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
locales = root / "locales"
tool = sys.argv[1]
folders = sorted(p.name for p in locales.iterdir() if p.is_dir() and p.name != "en")
bases = [f for f in folders if "-" not in f]
variants = {b: [f for f in folders if f.startswith(b + "-")] for b in bases}


def run(project, langs):
    if not langs:
        return []
    out = root / "target" / "compare-locales.json"
    out.parent.mkdir(exist_ok=True)
    subprocess.run(
        [tool, "--json", str(out), str(locales / project), str(locales), *langs],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return json.loads(out.read_text())


def defines(folder, term):
    return any(
        line.startswith(f"{term} =")
        for ftl in (locales / folder).glob("*.ftl")
        for line in ftl.read_text(encoding="utf-8").splitlines()
    )


problems = []
compared = []
for project, langs in [
    ("l10n.toml", bases),
    ("l10n-variants.toml", [v for vs in variants.values() for v in vs[1:]]),
]:
    for report in run(project, langs):
        for lang, summary in report["summary"].items():
            compared.append(lang)
            for kind in ("missing", "errors", "obsolete"):
                if summary.get(kind):
                    problems.append(f"{lang}: {summary[kind]} {kind}")
        # Details come as {lang: {path: entries}} or, flat, as {"lang/path": entries}.
        details = []
        for key, value in report.get("details", {}).items():
            if isinstance(value, dict):
                details += [(key, path, entries) for path, entries in value.items()]
            else:
                lang, _, path = key.partition("/")
                details.append((lang, path, value))
        for lang, path, entries in details:
            for entry in entries:
                kind, text = next(iter(entry.items()))
                # A message of the base language may lean on one English has no need
                # of (`time-oclock`, the word after a Bengali clock hour): fine when the
                # base language defines it, so the reference resolves.
                message_prefix = "Obsolete message reference: "
                if project == "l10n.toml" and text.startswith(message_prefix):
                    message = text[len(message_prefix):].split(" ")[0]
                    if defines(lang, message):
                        continue
                    text += f" (not defined in {lang})"
                prefix = "Obsolete term reference: "
                if project == "l10n.toml" and text.startswith(prefix):
                    term = text[len(prefix):].split(" ")[0]
                    homes = variants.get(lang, [])
                    if homes and all(defines(v, term) for v in homes):
                        continue
                    text += f" (not defined in every variant of {lang}: {homes})"
                if kind != "missing":
                    problems.append(f"{lang}/{path}: {kind}: {text}")

for problem in problems:
    print(problem)
if problems:
    sys.exit(f"compare-locales found {len(problems)} problem(s)")
print(f"compare-locales: {', '.join(compared)} match their references")
