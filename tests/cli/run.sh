#!/usr/bin/env bash
# The query tool as a user runs it: exit statuses, messages, and the
# canonical --json answers. Called by .ci/run; runs from the repository root.
set -uo pipefail
cd "$(dirname "$0")/../.."

cargo build -q --example query || exit 1
tool=target/debug/examples/query
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passed=0

# expect STATUS NAME -- ARGS…: runs the tool, keeps stdout and stderr.
expect() {
  local want=$1 name=$2; shift 3
  "$tool" "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, expected $want"; sed 's/^/  | /' "$work/out" "$work/err" | head -20
    failures=$((failures + 1)); return 1
  fi
  passed=$((passed + 1))
}

# same NAME EXPECTED: stdout must be exactly EXPECTED.
same() {
  if [ "$(cat "$work/out")" != "$2" ]; then
    echo "FAIL $1: printed"; sed 's/^/  | /' "$work/out" | head -5; echo "  expected $2"
    failures=$((failures + 1))
  else
    passed=$((passed + 1))
  fi
}

# contains NAME FILE TEXT
contains() {
  if ! grep -qF -- "$3" "$work/$2"; then
    echo "FAIL $1: $2 lacks: $3"; sed 's/^/  | /' "$work/$2" | head -10
    failures=$((failures + 1))
  else
    passed=$((passed + 1))
  fi
}

expect 0 "the embedded data set is valid" -- validate
contains "valid says so" out "valid"

expect 0 "the question of the issue" -- --json who-controls-routes "Kachin State" India
same "Kachin State to India, canonical" '[["ledo-road",[["chinese-operators","partial","kachin","kachin-re-area"],["kia","partial","kachin","kachin-re-area"],["kia","partial","kachin","panwa"]]]]'

expect 0 "the same, for a person" -- who-controls-routes "Kachin State" India
contains "names the road" out "Ledo Road"
contains "cites the source" out "CNI News"

expect 0 "exports in the last months of 2024" -- --json --during 2024-09..2024-12 exports Myanmar China rare_earths
same "exports total" '{"facts":2,"totals":[["t",7500,"at_least"]]}'

expect 0 "Panwa before 2020" -- --json --during ..2020 controllers Panwa
same "before 2020 only the area's operators are on record" '[["chinese-operators","enclosing",null,"kachin-re-area"]]'

expect 0 "an empty answer is an answer" -- --json controllers Sagaing
same "no controller of Sagaing is recorded" '[]'

expect 1 "an unknown name" -- controllers "Atlantis"
contains "the unknown name is named" err 'no node is named "Atlantis"'

# A node of a kind the command cannot answer about: exit 1, saying why.
expect 1 "controllers of an armed group" -- controllers KIA
contains "the kinds controllers takes" err 'controllers needs a region, a route or a country; "Kachin Independence Army" (kia) is an armed group'
expect 1 "neighbours of a route" -- --json neighbours "Ledo Road"
contains "the kinds neighbours takes" err 'neighbours needs a country or a region; "Ledo Road" (ledo-road) is a route'
same "nothing on stdout for a refused node" ''
expect 1 "exports to a route" -- exports Myanmar "Ledo Road"
contains "the kinds exports takes as to" err 'as `to`; "Ledo Road" (ledo-road) is a route'

# A commodity in other capitals is found when nothing is spelt so.
expect 0 "exports in capitals" -- --json --during 2024-09..2024-12 exports Myanmar China RARE_EARTHS
same "exports in capitals, total" '{"facts":2,"totals":[["t",7500,"at_least"]]}'

expect 2 "an unknown command" -- frobnicate
expect 2 "a bad span" -- --during 2024-13 controllers Panwa
expect 2 "a bad confidence" -- --min-confidence sure controllers Panwa
expect 1 "an unknown fact" -- explain no-such-fact
contains "an unknown fact is named" err 'no fact has the id "no-such-fact"'
expect 1 "a fact id with a typo" -- explain kia-controls-panwaa
contains "the closest fact ids" err 'closest: kia-controls-panwa, '

# Cypher: a table, or canonical JSON; parameters; the filter flags.
kachin='MATCH (a:ArmedGroup)-[c:CONTROLS]->(r:Region)-[:PART_OF*]->(s:Region {name: $state}) RETURN a.id, r.id, c.valid_from ORDER BY r.id, c.id'
expect 0 "cypher, the issue's question" -- --json cypher "$kachin" --param state="Kachin State"
same "cypher rows, canonical" '{"columns":["a.id","r.id","c.valid_from"],"rows":[["kia","kachin-re-area","2024-10"],["kia","kachin-re-area","2024-10"],["kia","panwa","2024-10"],["kia","panwa","2024-10"]]}'
expect 0 "cypher before October 2024" -- --json --during ..2024-09 cypher "$kachin" --param state="Kachin State"
same "no armed group held ground there before" '{"columns":["a.id","r.id","c.valid_from"],"rows":[]}'
expect 0 "cypher, confirmed facts only" -- --json --min-confidence confirmed cypher 'MATCH ()-[c:CONTROLS]->() RETURN count(c) AS n'
same "no control is confirmed" '{"columns":["n"],"rows":[[0]]}'
expect 0 "cypher, a table" -- cypher 'MATCH (r:Region {id: $id}) RETURN r.name, r.level' --param id=panwa
same "cypher table" "$(printf 'r.name | r.level
-------+--------
Panwa  | town
(1 row)')"
expect 0 "cypher, a JSON parameter" -- --json cypher 'UNWIND $ids AS i MATCH (n {id: i}) RETURN n.name' --param 'ids=["kia","panwa"]'
same "cypher list parameter" '{"columns":["n.name"],"rows":[["Kachin Independence Army"],["Panwa"]]}'
expect 1 "cypher, a misspelt property" -- cypher 'MATCH (x) RETURN x.nme'
contains "the property is named, with a suggestion" err 'unknown property `nme` on a node; did you mean `name`?'
contains "the error shows where" err '                     ^'
expect 1 "cypher, a missing parameter" -- cypher 'MATCH (r {id: $id}) RETURN r'
contains "the parameter is named" err 'parameter `$id`: missing'
expect 2 "cypher, a malformed --param" -- cypher 'RETURN 1' --param oops

# contested and control_changes, with the filter flags on the sources.
expect 0 "what is contested in Kachin State" -- --json contested "Kachin State"
same "the KIA's economic hold beside the Chinese operators'" '[["control","kachin-re-area","chinese-operators-control-kachin-re-area","kia-runs-kachin-re-mining"]]'
expect 0 "what is contested, printed" -- contested "Kachin State"
contains "both sides, with their sources" out "rival control of Kachin border rare-earth area (kachin-re-area) by Chinese rare-earth operators"
contains "the sources of both" out "source: CNI News, 2025-09-04"
expect 0 "a single report is no second source" -- --json --min-sources 2 contested
same "nothing contested by two sources" '[]'
expect 0 "who gained Kachin ground" -- --json control-changes 2020 2025 "Kachin State"
same "the KIA gained the mines and Panwa" '[["kachin-re-area",["kia"],[]],["panwa",["kia"],[]]]'
expect 0 "not yet on record" -- --json --known-at 2025-08 control-changes 2020 2025 "Kachin State"
same "before the report nothing changed" '[]'
expect 1 "changes of an armed group" -- control-changes 2020 2025 KIA
contains "control_changes takes places" err 'control_changes needs a region, a route or a country'
expect 2 "a bad date" -- control-changes 2020 soon

# Bad documents: each refused by validate with the problem at its location.
check_bad() {
  local name=$1 at=$2 doc=$3
  printf '%s' "$doc" >"$work/doc.json"
  expect 1 "$name is refused" -- --data "$work/doc.json" validate || return
  contains "$name is located" out "$at"
}
check_bad "broken JSON" "line 1, column" '{"format":"geokg","version":1,"nodes":[}'
check_bad "a wrong version" "version:" '{"format":"geokg","version":3}'
check_bad "a dangling reference" "facts[0].to:" '{"format":"geokg","version":1,"nodes":[{"id":"a","kind":"region","name":"A"}],"facts":[{"kind":"part_of","from":"a","to":"b"}]}'
check_bad "a field of another kind" "nodes[0].iso2:" '{"format":"geokg","version":1,"nodes":[{"id":"a","kind":"region","name":"A","iso2":"AA"}]}'

# Several problems at once: all named in one report.
printf '%s' '{"format":"geokg","version":1,"nodes":[{"id":"A","kind":"region","name":""},{"id":"b","kind":"country","name":"B","iso2":"bb"}],"facts":[{"kind":"controls","from":"b","to":"b","commodity":"tin"}]}' >"$work/doc.json"
expect 1 "a document with several problems" -- --data "$work/doc.json" --json validate
for at in 'nodes[0].id' 'nodes[0].name' 'nodes[1].iso2' 'facts[0].to' 'facts[0].commodity'; do
  contains "several problems: $at" out "\"at\":\"$at\""
done

# Files kept under tests/data/bad/ by the bad-input tests, if any.
for f in tests/data/bad/*.json; do
  [ -e "$f" ] || continue
  expect 1 "$(basename "$f") is refused" -- --data "$f" validate
done

echo "query tool: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
