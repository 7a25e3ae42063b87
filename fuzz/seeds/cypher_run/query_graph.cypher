MATCH (a:ArmedGroup)-[c:CONTROLS]->(r)-[:PART_OF*0..]->(x {id: $x}) OPTIONAL MATCH (r)<-[:PASSES_THROUGH]-(t:Route)
WITH a, r, collect(DISTINCT t.id) AS routes, count(*) AS n WHERE n >= 1
UNWIND routes AS route
RETURN a.name, r.name, route, n, labels(r), type(c), id(c), size(a.name), toUpper(r.id) ORDER BY n DESC, a.name SKIP 0 LIMIT 5
