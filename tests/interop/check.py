"""Reads geokg's exports with the programs that consume them and compares
what they find with the library's own answers.

Run by tests/interop/run.sh, after it has written, for each data set
(myanmar, tiny, awkward), OUT/SET.{dot,geojson,graphml,kuzu,ntriples,json};
SET.json is the library's own document, the truth every reader is held to,
and the query tool (--query) gives the library's answers to the headline
questions. Prints PASS, FAIL or SKIP per check; exits 1 on any FAIL.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

failures = skips = 0


def report(status, name, detail):
    global failures, skips
    failures += status == "FAIL"
    skips += status == "SKIP"
    print(f"interop: {status} {name}: {detail}", flush=True)


def check(name, ok, detail, mismatch=None):
    report("PASS" if ok else "FAIL", name, detail if ok else mismatch)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def canonical_key(tuple_):
    """Canonical answer order: code points, null before any string."""
    return [(0, "") if v is None else (1, v) for v in tuple_]


class Library:
    """The library's answers, from the query tool's canonical --json."""

    def __init__(self, tool, data):
        self.tool, self.data = tool, data

    def ask(self, *command, during=None, min_confidence=None):
        args = [self.tool, "--data", self.data, "--json"]
        if during:
            args += ["--during", during]
        if min_confidence:
            args += ["--min-confidence", min_confidence]
        done = subprocess.run(args + list(command), capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"query {' '.join(command)}: {done.stderr.strip()}")
        return json.loads(done.stdout)


# --- Graphviz -------------------------------------------------------------

def check_dot(out, sets, docs):
    if not shutil.which("dot"):
        report("SKIP", "graphviz", "dot is not installed")
        return
    for s in sets:
        done = subprocess.run(["dot", "-Tsvg", f"{out}/{s}.dot"], capture_output=True, text=True)
        svg = ET.fromstring(done.stdout) if done.returncode == 0 else None
        ns = "{http://www.w3.org/2000/svg}"
        groups = [] if svg is None else [g.get("class") for g in svg.iter(f"{ns}g")]
        nodes = sum(1 for c in groups if c == "node")
        edges = sum(1 for c in groups if c == "edge")
        # The legend adds one node per kind shown (its edges are invisible).
        kinds = len({n["kind"] for n in docs[s]["nodes"]})
        want = (len(docs[s]["nodes"]) + kinds, len(docs[s]["facts"]))
        check(f"dot -Tsvg {s}.dot", done.returncode == 0 and done.stderr == "" and (nodes, edges) == want,
              f"rendered {len(done.stdout)} bytes of SVG, no warnings, {nodes} nodes and {edges} edges",
              f"exit {done.returncode}, stderr {done.stderr!r}, "
              f"{nodes} nodes and {edges} edges where {want[0]} and {want[1]} were wanted")
    if os.path.exists(f"{out}/myanmar.svg"):
        head = open(f"{out}/myanmar.svg", encoding="utf-8").read(400)
        check("export --format svg", "<svg" in head, f"{out}/myanmar.svg is an SVG", head)


# --- GeoJSON --------------------------------------------------------------

def positions_of(geometry):
    t, c = geometry["type"], geometry["coordinates"]
    return [c] if t == "Point" else c


def check_geojson(out, s, doc, library):
    fc = load(f"{out}/{s}.geojson")
    problems = []
    if fc.get("type") != "FeatureCollection" or not isinstance(fc.get("features"), list):
        problems.append("not a FeatureCollection with a features array")
    if "crs" in fc:
        problems.append("RFC 7946 has no crs member")
    for f in fc.get("features", []):
        if f.get("type") != "Feature" or "properties" not in f or "geometry" not in f:
            problems.append(f"feature {f.get('id')} lacks type, geometry or properties")
            continue
        g = f["geometry"]
        if g["type"] not in ("Point", "MultiPoint", "LineString"):
            problems.append(f"{f['id']}: unexpected {g['type']}")
            continue
        if g["type"] == "LineString" and len(g["coordinates"]) < 2:
            problems.append(f"{f['id']}: a LineString needs two positions")
        for p in positions_of(g):
            if not (len(p) == 2 and all(isinstance(v, (int, float)) for v in p)
                    and -180 <= p[0] <= 180 and -90 <= p[1] <= 90):
                problems.append(f"{f['id']}: bad position {p}")
    # Against the document: every located region at [lon, lat], every route's
    # line through its ordered waypoints.
    nodes = {n["id"]: n for n in doc["nodes"]}
    features = {f["id"]: f for f in fc.get("features", [])}
    located = [n for n in doc["nodes"] if "coords" in n]
    for n in located:
        lat, lon = n["coords"]
        f = features.get(n["id"])
        if not f or f["geometry"] != {"type": "Point", "coordinates": [lon, lat]}:
            problems.append(f"{n['id']} is not a Point at [lon, lat] = [{lon}, {lat}]")
    routes = 0
    for r in (n for n in doc["nodes"] if n["kind"] == "route"):
        stops = sorted((f.get("order"), f["to"]) for f in doc["facts"]
                       if f["kind"] == "passes_through" and f["from"] == r["id"]
                       and "coords" in nodes[f["to"]] and f.get("order") is not None)
        if len(stops) >= 2:
            routes += 1
            line = [[nodes[w]["coords"][1], nodes[w]["coords"][0]] for _, w in stops]
            got = features.get(r["id"], {}).get("geometry")
            if got != {"type": "LineString", "coordinates": line}:
                problems.append(f"{r['id']}: {got} is not the line through {[w for _, w in stops]}")
    for f in fc.get("features", []):
        want = sorted({c[0] for c in library.ask("controllers", f["id"])})
        if f["properties"].get("controllers") != want:
            problems.append(f"{f['id']}: controllers {f['properties'].get('controllers')}, library {want}")
    check(f"GeoJSON {s}", not problems,
          f"{len(fc.get('features', []))} features, RFC 7946 structure, [lon, lat] in range, "
          f"{len(located)} places at their coordinates, {routes} routes along their waypoints, "
          "controllers as the library's", problems[:5])


# --- networkx -------------------------------------------------------------

def check_graphml(out, s, doc, nx):
    g = nx.read_graphml(f"{out}/{s}.graphml")
    problems = []
    if g.number_of_nodes() != len(doc["nodes"]) or g.number_of_edges() != len(doc["facts"]):
        problems.append(f"{g.number_of_nodes()} nodes and {g.number_of_edges()} edges")
    for n in doc["nodes"]:
        got = g.nodes.get(n["id"], {})
        if (got.get("kind"), got.get("name")) != (n["kind"], n["name"]):
            problems.append(f"node {n['id']}: {got.get('kind')} {got.get('name')!r}")
        if "coords" in n and (got.get("lat"), got.get("lon")) != tuple(n["coords"]):
            problems.append(f"node {n['id']}: lat, lon {got.get('lat')}, {got.get('lon')}")
    for f in doc["facts"]:
        # networkx makes a MultiDiGraph, keyed by edge id, only where two
        # facts join the same nodes.
        key = {"key": f["id"]} if g.is_multigraph() else {}
        data = g.get_edge_data(f["from"], f["to"], **key) or {}
        valid = f.get("valid", {})
        want = (f["kind"], valid.get("from"), valid.get("to"), f["confidence"], disputed(f))
        got = (data.get("kind"), data.get("valid_from"), data.get("valid_to"), data.get("confidence"),
               data.get("disputed"))
        if got != want:
            problems.append(f"fact {f['id']}: {got}, document {want}")
        # The assessment's columns arrive typed: a count and a boolean.
        if type(data.get("support")) is not int or type(data.get("disputed")) is not bool:
            problems.append(f"fact {f['id']}: support {data.get('support')!r}, "
                            f"disputed {data.get('disputed')!r}")
    kinds = sorted({d["kind"] for _, _, d in g.edges(data=True)})
    dated = sum(1 for _, _, d in g.edges(data=True) if "valid_from" in d or "valid_to" in d)
    check(f"networkx {s}.graphml", not problems,
          f"{type(g).__name__} of {g.number_of_nodes()} nodes and {g.number_of_edges()} facts; "
          f"kinds, names, coordinates, {dated} periods and which facts are disputed as the "
          f"library's ({', '.join(kinds)})",
          problems[:5])


def disputed(fact):
    """Whether a statement of the fact's evidence disputes it."""
    return any(e.get("stance") == "disputes" for e in fact.get("evidence", []))


# --- Kùzu -----------------------------------------------------------------

PASS = ("({r}.confidence_rank >= $min_rank"
        " AND ({r}.valid_start IS NULL OR {r}.valid_start <= $to_day)"
        " AND ({r}.valid_end IS NULL OR {r}.valid_end >= $from_day))")


def cypher_who_controls_routes_between():
    """who_controls_routes_between (geokg::semantics) in Cypher, every traversal under the filter."""
    p = lambda r: PASS.format(r=r)
    part_of = lambda lo: f"[:PART_OF*{lo}..30 (e, n | WHERE {p('e')})]"
    routes = (f"MATCH (t:Route)-[p1:PASSES_THROUGH]->(w1)-{part_of(0)}->(x {{id: $x}}), "
              f"(t)-[p2:PASSES_THROUGH]->(w2)-{part_of(0)}->(y {{id: $y}}) "
              f"WHERE {p('p1')} AND {p('p2')} WITH DISTINCT t ")
    none = "CAST(NULL AS STRING)"
    ret = "RETURN t.id AS route, {} AS actor, {} AS how, {} AS waypoint, {} AS region"
    return " UNION ".join([
        routes + ret.format(none, none, none, none),
        routes + f"MATCH (a)-[c:CONTROLS]->(t) WHERE {p('c')} " + ret.format("a.id", "'direct'", none, none),
        routes + f"MATCH (t)-[q:PASSES_THROUGH]->(w)-{part_of(0)}->(r)<-[c:CONTROLS]-(a) "
                 f"WHERE {p('q')} AND {p('c')} " + ret.format("a.id", "'enclosing'", "w.id", "r.id"),
        routes + f"MATCH (t)-[q:PASSES_THROUGH]->(w)<-{part_of(1)}-(r)<-[c:CONTROLS]-(a) "
                 f"WHERE {p('q')} AND {p('c')} " + ret.format("a.id", "'partial'", "w.id", "r.id"),
    ])


def span(during):
    """The first and last day of a period written `A..B`, `A..`, `..B` or `A`."""
    import calendar
    import datetime
    a, dots, b = (during or "..").partition("..")
    if not dots:
        b = a

    def day(text, last):
        y, m, d = (list(map(int, text.split("-"))) + [0, 0])[:3]
        m = m or (12 if last else 1)
        return datetime.date(y, m, d or (calendar.monthrange(y, m)[1] if last else 1))

    return (day(a, False) if a else datetime.date(1, 1, 1),
            day(b, True) if b else datetime.date(9999, 12, 31))


RANKS = {"speculative": 0, "claimed": 1, "reported": 2, "confirmed": 3}


def kuzu_who_controls(conn, x, y, during=None, min_confidence=None):
    first, last = span(during)
    res = conn.execute(cypher_who_controls_routes_between(),
                       {"x": x, "y": y, "from_day": first.isoformat(), "to_day": last.isoformat(),
                        "min_rank": RANKS[min_confidence or "speculative"]})
    routes = {}
    while res.has_next():
        route, *way = res.get_next()
        routes.setdefault(route, [])
        if way[0] is not None:
            routes[route].append(way)
    return [[t, sorted(routes[t], key=canonical_key)] for t in sorted(routes)]


def check_kuzu(out, s, doc, kuzu, library, questions, expected):
    path = os.path.abspath(f"{out}/{s}.kuzu.db")
    for stale in (path, path + ".wal"):
        if os.path.exists(stale):
            os.remove(stale)
    conn = kuzu.Connection(kuzu.Database(path))
    here = os.getcwd()
    os.chdir(f"{out}/{s}.kuzu")  # import.cypher names its files relative to itself
    try:
        conn.execute(open("import.cypher", encoding="utf-8").read())
    finally:
        os.chdir(here)
    one = lambda q: conn.execute(q).get_next()[0]
    counts = (one("MATCH (n) RETURN count(n)"), one("MATCH ()-[r]->() RETURN count(r)"))
    want = (len(doc["nodes"]) + len(doc["sources"]), len(doc["facts"]))
    names = conn.execute("MATCH (n) WHERE n.name IS NOT NULL RETURN n.id, n.name, n.aliases")
    got_names = {}
    while names.has_next():
        i, name, aliases = names.get_next()
        got_names[i] = (name, aliases)
    # Aliases are lists of texts, their awkward characters coded in the CSV
    # and decoded by import.cypher.
    lost = [n["id"] for n in doc["nodes"]
            if got_names.get(n["id"]) != (n["name"], n.get("aliases", []))]
    # A BOOLEAN column: `WHERE r.disputed` needs no comparison.
    rows = conn.execute("MATCH ()-[r]->() WHERE r.disputed RETURN r.id")
    got_disputed = set()
    while rows.has_next():
        got_disputed.add(rows.get_next()[0])
    want_disputed = {f["id"] for f in doc["facts"] if disputed(f)}
    check(f"Kùzu {s}", counts == want and not lost and got_disputed == want_disputed,
          f"import.cypher created the schema and copied the CSV files: {counts[0]} nodes "
          f"(with sources) and {counts[1]} facts, every name and alias intact, "
          f"{len(got_disputed)} disputed",
          f"counts {counts}, wanted {want}; names changed: {lost}; disputed "
          f"{sorted(got_disputed)}, wanted {sorted(want_disputed)}")
    for i, (x, y, during, least) in enumerate(questions):
        got = kuzu_who_controls(conn, x, y, during, least)
        lib = library.ask("who-controls-routes", x, y, during=during, min_confidence=least)
        exp = expected[i] if expected else lib
        shown = ", ".join(f"{r} ({len(c)} ways)" for r, c in got) or "no route"
        filters = (f", during {during}" if during else "") + (f", {least} or better" if least else "")
        check(f"Kùzu who_controls_routes_between({x}, {y}{filters}) on {s}",
              got == lib == exp, f"Cypher and the library agree: {shown}",
              f"Cypher {json.dumps(got)}, library {json.dumps(lib)}"
              + (f", expected {json.dumps(exp)}" if expected else ""))


# --- pyoxigraph -----------------------------------------------------------

SPARQL_CONTROLLERS = """
PREFIX gk: <https://geokg.dev/ns#>
SELECT DISTINCT ?t ?a ?how ?w ?r WHERE {
  { ?f a gk:Controls ; gk:from ?a ; gk:to ?t . BIND("direct" AS ?how) }
  UNION { ?t a gk:Region ; gk:partOf+ ?r . ?f a gk:Controls ; gk:from ?a ; gk:to ?r .
          BIND("enclosing" AS ?how) }
  UNION { ?t a gk:Region . ?r gk:partOf+ ?t . ?f a gk:Controls ; gk:from ?a ; gk:to ?r .
          BIND("partial" AS ?how) }
  UNION { ?p a gk:PassesThrough ; gk:from ?t ; gk:to ?w . ?w gk:partOf* ?r .
          ?f a gk:Controls ; gk:from ?a ; gk:to ?r . BIND("enclosing" AS ?how) }
  UNION { ?p a gk:PassesThrough ; gk:from ?t ; gk:to ?w . ?r gk:partOf+ ?w .
          ?f a gk:Controls ; gk:from ?a ; gk:to ?r . BIND("partial" AS ?how) }
}"""

NODE = "https://geokg.dev/id/node/"


def check_rdf(out, s, doc, ox, library):
    store = ox.Store()
    store.load(path=f"{out}/{s}.ntriples", format=ox.RdfFormat.N_TRIPLES)
    ids = lambda term: None if term is None else term.value.removeprefix(NODE)
    answers = {}
    for row in store.query(SPARQL_CONTROLLERS):
        answers.setdefault(ids(row["t"]), []).append(
            [ids(row["a"]), row["how"].value, ids(row["w"]), ids(row["r"])])
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    names = {ids(q.subject): q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(label), None)}
    lost = [n["id"] for n in doc["nodes"] if names.get(n["id"]) != n["name"]]
    facts = len(list(store.quads_for_pattern(None, ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("https://geokg.dev/ns#Fact"))))
    check(f"pyoxigraph {s}.ntriples", not lost and facts == len(doc["facts"]),
          f"{len(store)} triples loaded, {facts} facts, every name intact",
          f"{facts} facts of {len(doc['facts'])}; names changed: {lost}")
    targets = [n["id"] for n in doc["nodes"] if n["kind"] in ("region", "route")]
    differ, held = [], 0
    for t in targets:
        got = sorted(answers.get(t, []), key=canonical_key)
        lib = library.ask("controllers", t)
        held += bool(lib)
        if got != lib:
            differ.append(f"{t}: SPARQL {json.dumps(got)}, library {json.dumps(lib)}")
    check(f"SPARQL controllers(T) on {s}", not differ,
          f"SPARQL and the library agree for all {len(targets)} regions and routes "
          f"({held} with controllers)", differ[:3])


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--query", required=True, help="the query tool")
    ap.add_argument("--tiny", help="the tiny world.json (tests/data/tiny)")
    a = ap.parse_args()

    sets = [s for s in ("myanmar", "tiny", "awkward") if os.path.exists(f"{a.out}/{s}.json")]
    docs = {s: load(f"{a.out}/{s}.json") for s in sets}
    libs = {s: Library(a.query, f"{a.out}/{s}.json") for s in sets}

    # who_controls_routes_between: the report's questions on the Myanmar data
    # set, and the tiny world's workload with its hand-checked answers.
    questions = {"myanmar": [("mm-11", "in", None, None), ("mm-01", "in", None, None),
                             ("in", "cn", None, None), ("mm", "in", None, None),
                             ("mm-11", "cn-yn", "2024-10..", None), ("mm-11", "cn-yn", "2023", None),
                             ("mm-01", "in", None, "reported"), ("mm-11", "in", None, "confirmed")],
                 "tiny": [], "awkward": []}
    expected = {"tiny": []}
    if "tiny" in sets:
        base = os.path.dirname(a.tiny)
        workload = load(f"{base}/workload.json")["queries"]
        lines = open(f"{base}/expected.jsonl", encoding="utf-8").read().splitlines()
        for q, line in zip(workload, lines):
            if q["op"] == "who_controls_routes_between":
                d = q.get("during")
                during = d and f"{d.get('from', '')}..{d.get('to', '')}"
                questions["tiny"].append((q["x"], q["y"], during, q.get("min_confidence")))
                expected["tiny"].append(json.loads(line))

    check_dot(a.out, sets, docs)
    for s in sets:
        check_geojson(a.out, s, docs[s], libs[s])
    try:
        import networkx as nx
    except ImportError as e:
        report("SKIP", "networkx", f"cannot import it: {e}")
    else:
        for s in sets:
            check_graphml(a.out, s, docs[s], nx)
    try:
        import kuzu
    except ImportError as e:
        report("SKIP", "Kùzu", f"cannot import it: {e}")
    else:
        for s in sets:
            check_kuzu(a.out, s, docs[s], kuzu, libs[s], questions[s], expected.get(s))
    try:
        import pyoxigraph as ox
    except ImportError as e:
        report("SKIP", "pyoxigraph", f"cannot import it: {e}")
    else:
        for s in sets:
            check_rdf(a.out, s, docs[s], ox, libs[s])

    print(f"interop: {f'FAILED: {failures} checks failed' if failures else 'all checks passed'}"
          f"{f', {skips} skipped' if skips else ''}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
