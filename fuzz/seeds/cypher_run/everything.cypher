// comment
OPTIONAL MATCH (p:Person|Organization)-[m:MEMBER_OF|:COOPERATES_WITH*1..3 {role: 'chair'}]-(`odd name`) /* block */
WHERE p:Person AND NOT (p)<--(:Country) AND xs[0].name ENDS WITH 'x' OR id(p) <> size(labels(p))
RETURN *, coalesce(p.name, toLower(m.role)) AS `the name`, avg(DISTINCT m.order) ORDER BY 1 ASCENDING SKIP $s LIMIT 3;