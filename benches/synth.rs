//! A deterministic synthetic world for the benchmarks, shaped like
//! `bench/gen_world.py` (so that `cargo bench` needs no Python): towns on a
//! grid, `part_of` states of 10×10 towns and countries of nearby states,
//! `borders` between grid neighbours (and between the states and countries
//! they separate), routes as mostly straight walks with `passes_through`
//! and `order`, armed groups and organizations controlling states, towns
//! and a few routes, persons, exports between bordering countries, and
//! time-bounded `part_of` and `passes_through`; every fact with evidence.
//!
//! Not byte-for-byte `gen_world.py` (a different random stream), but the
//! same proportions, so timings are comparable in kind.

use geokg::graph::FactBuilder;
use geokg::model::{Bound, ControlMode, Evidence, PartialDate, Period, Quantity};
use geokg::query::Filter;
use geokg::{Confidence, FactKind, GraphBuilder};

const COMMODITIES: [&str; 8] = [
    "rare_earths",
    "jade",
    "amber",
    "gold",
    "tin",
    "timber",
    "copper",
    "rubber",
];
const SYLLABLES: [&str; 25] = [
    "na", "mai", "kha", "lo", "pan", "wa", "tin", "sa", "ga", "bhamo", "hpa", "kan", "myit", "la",
    "shwe", "kyin", "hsi", "paw", "mong", "nam", "ting", "yaw", "zin", "ho", "pyin",
];
const ROLES: [&str; 4] = ["commander", "spokesman", "chairman", "envoy"];
const TOPICS: [&str; 4] = ["trade", "security", "mining", "transit"];

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Numbers facts and gives each a confidence (drawn 10/60/20/10 %
/// confirmed/reported/claimed/speculative) and one or two evidence entries.
struct Facts {
    next: usize,
    sources: usize,
    persons: usize,
}

impl Facts {
    fn add<'b>(
        &mut self,
        b: &'b mut GraphBuilder,
        rng: &mut Rng,
        kind: FactKind,
        from: String,
        to: String,
    ) -> FactBuilder<'b> {
        let id = format!("f{}", self.next);
        self.next += 1;
        let confidence = match rng.below(10) {
            0 => Confidence::Confirmed,
            1..=6 => Confidence::Reported,
            7 | 8 => Confidence::Claimed,
            _ => Confidence::Speculative,
        };
        let mut first = Evidence::from_source(format!("src{}", rng.below(self.sources)));
        if rng.chance(0.1) {
            first = first.speaker(format!("p{}", rng.below(self.persons)));
        }
        let f = b
            .fact(kind, from, to)
            .id(id)
            .confidence(confidence)
            .evidence(first);
        if rng.chance(0.5) {
            f.evidence(Evidence::from_source(format!(
                "src{}",
                rng.below(self.sources)
            )))
        } else {
            f
        }
    }
}

/// A generated world: the builder, and queries of each headline op.
pub struct World {
    pub builder: GraphBuilder,
    pub queries: Queries,
}

/// Arguments for each headline query, drawn like `gen_world.py`'s workload.
#[derive(Default)]
pub struct Queries {
    pub controllers: Vec<String>,
    pub routes_between: Vec<(String, String)>,
    pub who_controls_routes_between: Vec<(String, String, Filter)>,
    pub route_path: Vec<(String, String)>,
    pub neighbours: Vec<String>,
    pub border_path: Vec<(String, String)>,
    pub exports: Vec<(String, String, Option<String>)>,
    pub timeline: Vec<String>,
}

fn name(rng: &mut Rng) -> String {
    let n = rng.range(2, 3);
    let mut s: String = (0..n).map(|_| *rng.pick(&SYLLABLES)).collect();
    if let Some(first) = s.get(0..1).map(str::to_uppercase) {
        s.replace_range(0..1, &first);
    }
    s
}

fn month(y: usize, m: usize) -> PartialDate {
    PartialDate::year_month(y as u16, m as u8).expect("a valid month")
}

/// A period from a random month, closed (within five years) 70 % of the time.
fn period(rng: &mut Rng) -> Period {
    let (y, m) = (rng.range(2010, 2024), rng.range(1, 12));
    let to = rng.chance(0.7).then(|| {
        let t = y * 12 + m - 1 + rng.range(0, 60);
        month(t / 12, t % 12 + 1)
    });
    Period::new(Some(month(y, m)), to).expect("ordered")
}

/// Generates a world of `regions` towns, with `per_op` queries of each op.
pub fn world(regions: usize, per_op: usize, seed: u64) -> World {
    let n = regions.max(4);
    let rng = &mut Rng(seed);
    let w = (n as f64).sqrt().ceil() as usize;
    let bw = w.div_ceil(10);
    // States: 10×10 blocks of towns, numbered in block order.
    let mut block_state = std::collections::BTreeMap::new();
    for i in 0..n {
        let (r, c) = (i / w, i % w);
        let next = block_state.len();
        block_state.entry((r / 10) * bw + c / 10).or_insert(next);
    }
    let state_of: Vec<usize> = (0..n)
        .map(|i| block_state[&((i / w / 10) * bw + (i % w) / 10)])
        .collect();
    let s_count = block_state.len();
    let block_of: Vec<(usize, usize)> = {
        let mut v = vec![(0, 0); s_count];
        for (&b, &s) in &block_state {
            v[s] = (b / bw, b % bw);
        }
        v
    };
    // Countries: each state goes to the nearest of K seed states.
    let k_count = (n / 5000).max(4).min(s_count);
    let seeds: Vec<usize> = (0..k_count).map(|_| rng.below(s_count)).collect();
    let country_of: Vec<usize> = (0..s_count)
        .map(|s| {
            let (br, bc) = block_of[s];
            (0..k_count)
                .min_by_key(|&k| {
                    let (sr, sc) = block_of[seeds[k]];
                    (br.abs_diff(sr).pow(2) + bc.abs_diff(sc).pow(2), k)
                })
                .unwrap_or(0)
        })
        .collect();
    let mut town_borders = Vec::new();
    let mut state_borders = std::collections::BTreeSet::new();
    let mut country_borders = std::collections::BTreeSet::new();
    for i in 0..n {
        let right = (i % w + 1 < w && i + 1 < n).then_some(i + 1);
        let down = (i + w < n).then_some(i + w);
        for j in [right, down].into_iter().flatten() {
            town_borders.push((i, j));
            let (a, b) = (state_of[i], state_of[j]);
            if a != b {
                state_borders.insert((a.min(b), a.max(b)));
                let (ka, kb) = (country_of[a], country_of[b]);
                if ka != kb {
                    country_borders.insert((ka.min(kb), ka.max(kb)));
                }
            }
        }
    }
    // Routes: walks of 3–12 towns, mostly straight.
    let dirs: [(isize, isize); 4] = [(0, 1), (1, 0), (0, -1), (-1, 0)];
    let mut routes: Vec<Vec<usize>> = Vec::with_capacity(n / 4);
    while routes.len() < n / 4 {
        let len = rng.range(3, 12);
        let mut walk = vec![rng.below(n)];
        let mut d = rng.below(4);
        while walk.len() < len {
            let at = walk[walk.len() - 1];
            let (r, c) = ((at / w) as isize, (at % w) as isize);
            let turn = if rng.chance(0.7) { 0 } else { rng.range(1, 3) };
            let step = (0..4).map(|k| (d + turn + k) % 4).find(|&dd| {
                let (nr, nc) = (r + dirs[dd].0, c + dirs[dd].1);
                nr >= 0
                    && (0..w as isize).contains(&nc)
                    && ((nr as usize) * w + nc as usize) < n
                    && !walk.contains(&((nr as usize) * w + nc as usize))
            });
            let Some(dd) = step else { break };
            d = dd;
            walk.push(((r + dirs[dd].0) as usize) * w + (c + dirs[dd].1) as usize);
        }
        if walk.len() >= 3 {
            routes.push(walk);
        }
    }
    let (g_count, o_count, p_count, src_count) = (
        (n / 200).max(3),
        (n / 500).max(2),
        (n / 100).max(5),
        (n / 100).max(5),
    );

    let mut b = GraphBuilder::new();
    for s in 0..src_count {
        b.source(format!("src{s}"), "Wire One")
            .title(format!("Report {s}"));
    }
    for i in 0..n {
        let mut node = b.region(format!("r{i}"), name(rng)).level("town").coords(
            30.0 - 20.0 * (i / w) as f64 / w as f64,
            90.0 + 20.0 * (i % w) as f64 / w as f64,
        );
        if rng.chance(0.05) {
            node = node.alias(format!("Town {i}"));
        }
        if rng.chance(0.01) {
            let sites = Quantity::new(rng.range(1, 400) as f64, "sites", Bound::AtLeast).ok();
            node.resource(*rng.pick(&COMMODITIES), sites);
        }
    }
    for s in 0..s_count {
        b.region(format!("s{s}"), format!("{} State", name(rng)))
            .level("state");
    }
    for k in 0..k_count {
        let iso2: String = [b'A' + (k / 26 % 26) as u8, b'A' + (k % 26) as u8]
            .iter()
            .map(|&c| c as char)
            .collect();
        b.country(format!("c{k}"), format!("{}land", name(rng)))
            .iso2(iso2);
    }
    for t in 0..routes.len() {
        b.route(format!("t{t}"), format!("{} Road", name(rng)));
    }
    for g in 0..g_count {
        b.armed_group(format!("g{g}"), format!("{} Army", name(rng)));
    }
    for o in 0..o_count {
        b.organization(format!("o{o}"), format!("{} Mining Co", name(rng)));
    }
    for p in 0..p_count {
        b.person(format!("p{p}"), format!("{} {}", name(rng), name(rng)));
    }

    let mut facts = Facts {
        next: 0,
        sources: src_count,
        persons: p_count,
    };
    // part_of, 2 % of towns moving to a neighbouring state on some month.
    for i in 0..n {
        let (s, t) = (state_of[i], format!("r{i}"));
        let moved = i.checked_sub(1).map(|j| state_of[j]).filter(|&o| o != s);
        match moved.filter(|_| rng.chance(0.2)) {
            Some(other) => {
                let (y, m) = (rng.range(2012, 2022), rng.range(1, 12));
                let before = month(
                    if m == 1 { y - 1 } else { y },
                    if m == 1 { 12 } else { m - 1 },
                );
                facts
                    .add(&mut b, rng, FactKind::PartOf, t.clone(), format!("s{s}"))
                    .valid(Period::until(before));
                facts
                    .add(&mut b, rng, FactKind::PartOf, t, format!("s{other}"))
                    .valid(Period::since(month(y, m)));
            }
            None => {
                facts.add(&mut b, rng, FactKind::PartOf, t, format!("s{s}"));
            }
        }
    }
    for (s, country) in country_of.iter().enumerate() {
        facts.add(
            &mut b,
            rng,
            FactKind::PartOf,
            format!("s{s}"),
            format!("c{country}"),
        );
    }
    // borders, stored once in a random direction.
    let levels = [
        ("r", town_borders.clone()),
        ("s", state_borders.iter().copied().collect()),
        ("c", country_borders.iter().copied().collect()),
    ];
    for (prefix, pairs) in &levels {
        for &(x, y) in pairs {
            let (x, y) = if rng.chance(0.5) { (y, x) } else { (x, y) };
            facts.add(
                &mut b,
                rng,
                FactKind::Borders,
                format!("{prefix}{x}"),
                format!("{prefix}{y}"),
            );
        }
    }
    // passes_through; 10 % of routes opened or closed at some date.
    for (t, walk) in routes.iter().enumerate() {
        let valid = match rng.below(100) {
            0..=5 => Some(Period::since(
                PartialDate::year_only(rng.range(2011, 2023) as u16).expect("a year"),
            )),
            6..=9 => Some(Period::until(month(
                rng.range(2011, 2023),
                rng.range(1, 12),
            ))),
            _ => None,
        };
        for (o, &i) in walk.iter().enumerate() {
            let f = facts
                .add(
                    &mut b,
                    rng,
                    FactKind::PassesThrough,
                    format!("t{t}"),
                    format!("r{i}"),
                )
                .order(o as u32);
            if let Some(v) = valid {
                f.valid(v);
            }
        }
    }
    // Control: armed groups over states, towns and now and then a route;
    // organizations over towns.
    let mut controlled_towns = Vec::new();
    let mut controlled_states = Vec::new();
    let mut controlled_routes = Vec::new();
    for g in 0..g_count {
        for _ in 0..rng.range(1, 3) {
            let s = rng.below(s_count);
            controlled_states.push(s);
            let p = period(rng);
            facts
                .add(
                    &mut b,
                    rng,
                    FactKind::Controls,
                    format!("g{g}"),
                    format!("s{s}"),
                )
                .valid(p)
                .mode(ControlMode::Military);
        }
        for _ in 0..rng.range(0, 5) {
            let i = rng.below(n);
            controlled_towns.push(i);
            let p = rng.chance(0.5).then(|| period(rng));
            let f = facts
                .add(
                    &mut b,
                    rng,
                    FactKind::Controls,
                    format!("g{g}"),
                    format!("r{i}"),
                )
                .mode(ControlMode::Military);
            if let Some(p) = p {
                f.valid(p);
            }
        }
        if rng.chance(0.02) {
            let t = rng.below(routes.len());
            controlled_routes.push(t);
            let p = period(rng);
            facts
                .add(
                    &mut b,
                    rng,
                    FactKind::Controls,
                    format!("g{g}"),
                    format!("t{t}"),
                )
                .valid(p);
        }
    }
    for o in 0..o_count {
        for _ in 0..rng.range(1, 4) {
            let i = rng.below(n);
            controlled_towns.push(i);
            facts
                .add(
                    &mut b,
                    rng,
                    FactKind::Controls,
                    format!("o{o}"),
                    format!("r{i}"),
                )
                .mode(ControlMode::Economic);
        }
    }
    for p in 0..p_count {
        let (kind, count) = if rng.chance(0.7) {
            ("g", g_count)
        } else {
            ("o", o_count)
        };
        let to = format!("{kind}{}", rng.below(count));
        let role = *rng.pick(&ROLES);
        facts
            .add(&mut b, rng, FactKind::MemberOf, format!("p{p}"), to)
            .role(role);
        if rng.chance(0.2) {
            let to = format!("r{}", rng.below(n));
            let topic = *rng.pick(&TOPICS);
            facts
                .add(&mut b, rng, FactKind::InterestedIn, format!("p{p}"), to)
                .topic(topic);
        }
    }
    // Exports: per ordered pair of bordering countries, 3 commodities, a
    // fact a year 2015–2024.
    let mut series = Vec::new();
    for &(x, y) in &country_borders {
        for (from, to) in [(x, y), (y, x)] {
            let first = rng.below(COMMODITIES.len());
            for c in 0..3 {
                series.push((from, to, COMMODITIES[(first + c * 3) % COMMODITIES.len()]));
            }
        }
    }
    for &(from, to, commodity) in &series {
        for year in 2015..2025u16 {
            let bound = if rng.chance(0.8) {
                Bound::Exact
            } else {
                Bound::AtLeast
            };
            let amount = Quantity::new(rng.range(10, 5000) as f64, "t", bound).expect("positive");
            let when = PartialDate::year_only(year).expect("a year");
            facts
                .add(
                    &mut b,
                    rng,
                    FactKind::ExportsTo,
                    format!("c{from}"),
                    format!("c{to}"),
                )
                .valid(Period::on(when))
                .commodity(commodity)
                .quantity(amount);
        }
    }

    // Queries, drawn as gen_world.py draws its workload.
    let near_town = |rng: &mut Rng, i: usize| -> usize {
        let (r, c) = ((i / w) as isize, (i % w) as isize);
        for _ in 0..50 {
            let dr = rng.range(0, 60) as isize - 30;
            let rem = 30 - dr.abs();
            let dc = rng.range(0, 2 * rem as usize) as isize - rem;
            let (nr, nc) = (r + dr, c + dc);
            if nr >= 0 && (0..w as isize).contains(&nc) && (nr as usize) * w + (nc as usize) < n {
                return (nr as usize) * w + nc as usize;
            }
        }
        i
    };
    let pair_on_route = |rng: &mut Rng| -> (String, String) {
        let walk = &routes[rng.below(routes.len())];
        let (i, j) = (rng.below(walk.len()), rng.below(walk.len()));
        let (a, b) = (walk[i.min(j)], walk[i.max(j)]);
        match rng.below(20) {
            0..=1 => (
                format!("r{}", rng.below(n)),
                format!("s{}", rng.below(s_count)),
            ),
            2..=6 => (format!("r{a}"), format!("r{b}")),
            7..=11 => (format!("s{}", state_of[a]), format!("s{}", state_of[b])),
            12..=16 => (format!("r{a}"), format!("s{}", state_of[b])),
            17..=18 => (
                format!("s{}", state_of[a]),
                format!("c{}", country_of[state_of[b]]),
            ),
            _ => (
                format!("c{}", country_of[state_of[a]]),
                format!("c{}", country_of[state_of[b]]),
            ),
        }
    };
    let mut q = Queries::default();
    for _ in 0..per_op {
        q.controllers.push(match rng.below(10) {
            0..=3 => format!("r{}", rng.pick(&controlled_towns)),
            4..=6 => format!("s{}", rng.pick(&controlled_states)),
            _ if !controlled_routes.is_empty() && rng.chance(0.3) => {
                format!("t{}", rng.pick(&controlled_routes))
            }
            _ => format!("t{}", rng.below(routes.len())),
        });
        q.routes_between.push(pair_on_route(rng));
        let (x, y) = pair_on_route(rng);
        let filter = if rng.chance(0.5) {
            Filter::during(period(rng))
        } else {
            Filter::ALL
        };
        q.who_controls_routes_between.push((x, y, filter));
        let walk = &routes[rng.below(routes.len())];
        let a = *rng.pick(walk);
        let b_town = near_town(rng, a);
        q.route_path.push((format!("r{a}"), format!("r{b_town}")));
        q.neighbours.push(match rng.below(20) {
            0..=11 => format!("r{}", rng.below(n)),
            12..=16 => format!("s{}", rng.below(s_count)),
            _ => format!("c{}", rng.below(k_count)),
        });
        let a = rng.below(n);
        q.border_path.push(match rng.below(20) {
            0..=13 => (format!("r{a}"), format!("r{}", near_town(rng, a))),
            14..=17 => {
                let s = state_of[a];
                let t = state_of[near_town(rng, a)];
                (format!("s{s}"), format!("s{t}"))
            }
            _ => (
                format!("c{}", rng.below(k_count)),
                format!("c{}", rng.below(k_count)),
            ),
        });
        let &(from, to, commodity) = rng.pick(&series);
        let wanted = match rng.below(10) {
            0..=3 => Some(commodity.to_owned()),
            4 => Some(rng.pick(&COMMODITIES).to_string()),
            _ => None,
        };
        q.exports
            .push((format!("c{from}"), format!("c{to}"), wanted));
        q.timeline.push(match rng.below(20) {
            0..=7 => format!("r{}", rng.below(n)),
            8..=11 => format!("s{}", rng.below(s_count)),
            12..=14 => format!("t{}", rng.below(routes.len())),
            15..=16 => format!("g{}", rng.below(g_count)),
            17..=18 => format!("p{}", rng.below(p_count)),
            _ => format!("c{}", rng.below(k_count)),
        });
    }
    World {
        builder: b,
        queries: q,
    }
}
