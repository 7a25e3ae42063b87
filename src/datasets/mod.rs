//! Embedded data sets: the world underneath ([`world`]) and the rare-earth
//! mining of Myanmar, from many sources, on top of it
//! ([`myanmar_rare_earths`]), with the documents they are made of for tools
//! that want the JSON itself ([`myanmar_documents`], [`world_json`]).

use crate::KnowledgeGraph;
use crate::graph::Merge;

const MYANMAR_CNI: &str = include_str!("myanmar/cni.json");

/// The documents of the Myanmar data set, in the order they merge: one per
/// source group, the CNI News report first (its names and descriptions
/// win), then the others, as `src/datasets/myanmar/README.md` lists them;
/// the world layer last.
static MYANMAR_DOCUMENTS: [(&str, &str); 7] = [
    ("myanmar/cni.json", MYANMAR_CNI),
    ("myanmar/reuters.json", include_str!("myanmar/reuters.json")),
    (
        "myanmar/irrawaddy.json",
        include_str!("myanmar/irrawaddy.json"),
    ),
    ("myanmar/rfa.json", include_str!("myanmar/rfa.json")),
    (
        "myanmar/global-witness.json",
        include_str!("myanmar/global-witness.json"),
    ),
    ("myanmar/others.json", include_str!("myanmar/others.json")),
    (WORLD_DOCUMENT, WORLD),
];

/// An embedded data set under the name tools know it by (`--data world` in
/// the query tool and the exporter): see [`embedded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Embedded {
    /// The name: `myanmar`, `myanmar-cni` or `world`.
    pub name: &'static str,
    /// What it holds, in a line.
    pub about: &'static str,
    /// Its documents, each as its name and JSON text, in merge order.
    pub documents: &'static [(&'static str, &'static str)],
}

impl Embedded {
    /// The embedded data set of this name, if there is one.
    pub fn by_name(name: &str) -> Option<Embedded> {
        embedded().find(|e| e.name == name)
    }

    /// Loads it: its one document, or its documents merged in order (the
    /// merge report left out; [`myanmar_merge`] gives it).
    ///
    /// # Errors
    /// None in practice: the embedded documents are checked by the test
    /// suite.
    pub fn load(&self) -> Result<KnowledgeGraph, crate::LoadError> {
        match self.documents {
            [(_, text)] => KnowledgeGraph::from_json_str(text),
            documents => {
                let mut merge = Merge::new();
                for (name, text) in documents {
                    merge.text(*name, *text);
                }
                Ok(merge.build()?.0)
            }
        }
    }
}

static CNI_DOCUMENTS: [(&str, &str); 1] = [("myanmar/cni.json", MYANMAR_CNI)];
static WORLD_DOCUMENTS: [(&str, &str); 1] = [(WORLD_DOCUMENT, WORLD)];
static EMBEDDED: [Embedded; 3] = [
    Embedded {
        name: "myanmar",
        about: "rare earths in Myanmar from many sources, on the world layer (myanmar_rare_earths)",
        documents: &MYANMAR_DOCUMENTS,
    },
    Embedded {
        name: "myanmar-cni",
        about: "the CNI News report of 4 September 2025 alone (myanmar_cni)",
        documents: &CNI_DOCUMENTS,
    },
    Embedded {
        name: "world",
        about: "countries, subdivisions, land borders and capitals of the world (world)",
        documents: &WORLD_DOCUMENTS,
    },
];

/// The embedded data sets, each by its name: `myanmar`
/// ([`myanmar_rare_earths`]), `myanmar-cni` ([`myanmar_cni`]) and `world`
/// ([`world`]).
///
/// ```
/// use geokg::datasets::Embedded;
/// let names: Vec<&str> = geokg::datasets::embedded().map(|e| e.name).collect();
/// assert_eq!(names, ["myanmar", "myanmar-cni", "world"]);
/// let cni = Embedded::by_name("myanmar-cni").unwrap().load()?;
/// assert_eq!(cni.resolve("Kachin State")?.id().as_str(), "mm-11");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn embedded() -> impl ExactSizeIterator<Item = Embedded> {
    EMBEDDED.iter().copied()
}

/// The name [`myanmar_merge`] and [`myanmar_documents`] give the world
/// layer's document.
pub const WORLD_DOCUMENT: &str = "world.json";

/// Rare-earth mining in Myanmar from many sources, on the world layer: the
/// six Myanmar documents ([`myanmar_documents`]) merged onto [`world`].
///
/// It holds who held the Kachin mining towns Pangwa (Panwa) and Chipwi
/// before October 2024 (the NDA-K / Border Guard Force) and the KIA's
/// capture of them, with each source's dates; Chinese customs figures by
/// month beside the reports that China halted imports; China's border
/// closures; the KIA's levies; the UWSA in Shan State; India's and the
/// United States' interest; claims every party denied, kept as deprecated
/// — each statement with its source, speaker, date said and credibility.
/// Countries and states are the world layer's (`mm`, `mm-11` for Kachin
/// State, `in-as` for Assam); the documents add towns, routes, actors and
/// events. The ids the data set used before its states joined the world
/// layer (`kachin`, `shan`, `sagaing`, `assam`, `manipur`, `nagaland`,
/// `mizoram`, `yunnan`) still resolve, as names of the same nodes.
///
/// # Merge order
///
/// The CNI News report, Reuters, The Irrawaddy, Radio Free Asia, Global
/// Witness, the others, then the world layer last. Where two documents
/// give a node or fact different values the first one's stays (a merge
/// keeps the first value): so Kachin is named "Kachin State", as the
/// Myanmar documents name it, with the world's "Kachin" as an alias, and a
/// country's description is the CNI report's. [`myanmar_merge`] gives the
/// same merge, to read its [`MergeReport`](crate::graph::MergeReport).
///
/// # Cost
///
/// Each call reads, checks and merges all seven documents (the world
/// layer is most of the work): in a release build some tens of
/// milliseconds, more in a debug build. Keep the graph rather than calling
/// this in a loop; [`myanmar_cni`] alone is much cheaper.
///
/// # Errors
/// None in practice: the embedded documents are checked by the test suite.
pub fn myanmar_rare_earths() -> Result<KnowledgeGraph, crate::LoadError> {
    Ok(myanmar_merge().build()?.0)
}

/// The merge behind [`myanmar_rare_earths`], its documents added in order
/// and not yet built: `build()` gives the graph and the merge report
/// (which values were kept over others, the names that became aliases, the
/// rival statements kept apart as possible duplicates).
///
/// ```
/// let (graph, report) = geokg::datasets::myanmar_merge().build()?;
/// assert_eq!(graph.resolve("kachin")?.id().as_str(), "mm-11");
/// assert_eq!(graph.resolve("mm-11")?.name(), "Kachin State");
/// assert_eq!(report.documents.len(), 7);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn myanmar_merge() -> Merge {
    let mut merge = Merge::new();
    for (name, text) in myanmar_documents() {
        merge.text(name, text);
    }
    merge
}

/// The documents of [`myanmar_rare_earths`], each as its name and JSON
/// text, in merge order: the six Myanmar documents, then the world layer
/// ([`WORLD_DOCUMENT`]).
pub fn myanmar_documents() -> impl ExactSizeIterator<Item = (&'static str, &'static str)> {
    MYANMAR_DOCUMENTS.iter().copied()
}

/// The CNI News report of 4 September 2025 alone, "Which areas of Myanmar
/// could India mine rare earths?": the KIA, UWSA and NDAA, Kachin, Shan
/// and Sagaing, the Ledo (Stilwell) Road, the exports to China and India's
/// interest — one report's view, with a hand-made reference source for
/// what the report assumes (which state a town is in, the road's
/// waypoints).
///
/// The document stands alone: it declares every node it uses, countries
/// and states included, under the world layer's ids (`mm-11`). Where it
/// states a fact the world layer also states (Kachin State is part of
/// Myanmar, Myanmar borders China) it uses the world's fact id, so that
/// merged with the world layer the two statements are one fact.
///
/// # Errors
/// None in practice: the embedded document is checked by the test suite.
pub fn myanmar_cni() -> Result<KnowledgeGraph, crate::LoadError> {
    KnowledgeGraph::from_json_str(MYANMAR_CNI)
}

/// The text of [`myanmar_cni`]'s document.
pub fn myanmar_cni_json() -> &'static str {
    MYANMAR_CNI
}

const WORLD: &str = include_str!("world.json");

/// The world underneath: a reference layer of real political geography, so
/// that a document need not type it — every country of ISO 3166-1, the
/// subdivisions of ISO 3166-2, countries that no longer exist (ISO 3166-3)
/// with their periods, land borders derived from Natural Earth's shapes, and
/// each country's capital with coordinates from GeoNames. Every fact cites
/// the open data set it comes from.
///
/// The document is generated by `tools/world/generate.py` from pinned
/// packages of PyPI and npm (its README says how to run it and which
/// versions); `.ci/run` regenerates it and checks it is the same, byte for
/// byte. Each call parses and validates the whole document again (5,565
/// nodes and 6,521 facts, 1.4 MB; in a release build about as long as
/// parsing the JSON text alone, some ten milliseconds): keep the graph
/// rather than calling this in a loop.
///
/// # Ids
///
/// | what | id | example |
/// |---|---|---|
/// | a current country | ISO 3166-1 alpha-2, lower case; `iso2` holds the code | `mm`, `in`, `cn` |
/// | a subdivision | its ISO 3166-2 code, lower case | `mm-11` (Kachin), `gb-eng` |
/// | a capital | `<country>.<its GeoNames name as lower-case ASCII words joined by ->` | `mm.nay-pyi-taw`, `za.cape-town` |
/// | a withdrawn country | its ISO 3166-3 alpha-4 code, lower case | `suhh`, `yucs`, `ddde` |
/// | a fact | `world.<kind>.<from>.<to>` (a border with its ends in id order) | `world.borders.bd.mm`, `world.part_of.mm-11.mm` |
///
/// Ids follow the codes, so they stay stable as long as ISO keeps a code;
/// a capital's id changes only if GeoNames renames the city.
///
/// # Nodes
///
/// - **Countries**: every entry of ISO 3166-1 is a `country` node, dependent
///   territories (Aruba, Guam, Greenland) and Antarctica included. Each is
///   named by ISO's common name where it has one (`Laos`,
///   `Syria`), else ISO's name (`Myanmar`); aliases are ISO's name and
///   official name, GeoNames's English name, the alpha-3 code, and the names
///   and codes of the same state under a withdrawn code (Burma, BU, BUR for
///   Myanmar; Zaire for the Democratic Republic of the Congo; Upper Volta,
///   Dahomey, New Hebrides, Southern Rhodesia, East Timor, French Afars and
///   Issas, Byelorussian SSR). The two-letter code is the id, not an alias.
/// - **Subdivisions** are `region` nodes named as ISO 3166-2 writes them (in
///   the country's language: `Bayern`, `Kachin`), with `level` ISO's type in
///   lower case (`state`, `region`, `province`, `union territory`…). Each is
///   `part_of` its parent subdivision where ISO nests it (the City of London
///   in England), else its country.
/// - **Capitals** are `region` nodes with `level` `national capital` and
///   `coords` `[lat, lon]`, `part_of` their country: the capital GeoNames
///   names for each country, and a second or third where a country divides
///   the seats of state (South Africa's Pretoria, Cape Town and Bloemfontein;
///   Bolivia, Benin, Burundi, Côte d'Ivoire, Eswatini, Malaysia, Sri Lanka).
///   Palau's is Ngerulmud, where GeoNames names the state around it.
///   Where capitals are disputed the layer follows GeoNames (Jerusalem for
///   Israel, East Jerusalem for Palestine): a reading of the data set, not
///   a position.
/// - **Withdrawn countries** are `country` nodes without `iso2`, with their
///   old codes as aliases (except a code a current country now holds, such
///   as SK for Sikkim, GE for the Gilbert and Ellice Islands, AI, BQ, ATF,
///   and CS, which Czechoslovakia and Serbia and Montenegro both held), and
///   `props` `{"iso3166_3": "SUHH", "withdrawn": "1992-08-30"}`. A node has
///   no period of its own: their time is in their facts.
///
/// # Time
///
/// Nodes are timeless; facts carry the periods.
/// - A **dissolved** country (the Soviet Union, Czechoslovakia, Yugoslavia,
///   Serbia and Montenegro, the Netherlands Antilles, the Gilbert and Ellice
///   Islands, the Pacific Islands trust territory) borders a country X until
///   its ISO withdrawal date where one of its successors borders X and X is
///   not one of them; two of them border where their successors do, while
///   both existed. The successors' top-level subdivisions are `part_of` it
///   until then. Yugoslavia has two phases, after ISO 3166-3's comment: the
///   six republics until 27 April 1992, then Serbia and Montenegro until the
///   code's withdrawal in 2003.
/// - A successor's borders begin when it became a country of its own by the
///   same tables (`pl`–`ua` from 1992-08-30, `hr`–`rs` from 2006-09-26).
///   Before, the border was the dissolved country's: during 1985, `neighbours`
///   of `pl` are `cshh`, `ddde` and `suhh`.
/// - An **absorbed** country (East Germany, South Yemen, North Vietnam,
///   Sikkim, the Panama Canal Zone, the Neutral Zone…) has its neighbours and
///   the current subdivisions wholly in its territory listed by hand, since
///   the layer has no shapes below the country; the borders of the country
///   it joined that ran wholly through it begin at its end (`de`–`pl` from
///   1990-10-30). Antarctic claims and small islands have no facts.
/// - The dates are ISO's withdrawal dates of the codes, not the dates the
///   states ended: the Soviet Union's code was withdrawn on 1992-08-30,
///   eight months after it dissolved. Today's subdivisions stand in for the
///   old ones (`ru-mow` is `part_of` `suhh` during 1985).
///
/// ```
/// use geokg::query::Filter;
/// let world = geokg::datasets::world()?;
/// let in_1985 = Filter::during("1985".parse()?);
/// let ids = |x: &str, f: &Filter| -> Result<Vec<String>, geokg::ResolveError> {
///     Ok(world.neighbours(x, f)?.nodes().map(|n| n.id().to_string()).collect())
/// };
/// assert_eq!(ids("Myanmar", &Filter::ALL)?, ["bd", "cn", "in", "la", "th"]);
/// assert_eq!(ids("Soviet Union", &in_1985)?.len(), 12);
/// assert!(ids("Soviet Union", &Filter::during("2000".parse()?))?.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Borders and their quirks
///
/// Two countries border where their shapes in Natural Earth's admin-0 map at
/// 1:10m (version 4.1.0) share a boundary line. The 1:10m scale was chosen
/// over 1:50m because it has Gibraltar and the Spanish towns of Ceuta and
/// Melilla, which 1:50m lacks (so Spain would border neither Gibraltar nor
/// Morocco); 1:50m gives one border the 1:10m shapes miss (China–Macao),
/// which is added below. Known quirks:
/// - **Overseas parts**: Natural Earth draws French Guiana inside France's
///   shape, so France borders Brazil and Suriname, while `gf` (French
///   Guiana's own ISO 3166-1 code) has no shape and no border. Likewise
///   Réunion, Guadeloupe and others count as France, Svalbard as Norway.
/// - **Shapes without an ISO code** count where ISO 3166-2 places their
///   territory: Kosovo as Serbia (so Serbia borders Albania), Somaliland as
///   Somalia, Northern Cyprus as Cyprus, Baikonur as Kazakhstan, Guantánamo
///   Bay as Cuba. The Siachen Glacier (disputed by India and Pakistan), the
///   British bases on Cyprus, the UN buffer zone and disputed reefs count as
///   no one's. This is a reading of ISO's lists, not a position.
/// - **Shapes meeting in one point** are decided one by one: Botswana–Zambia
///   (the Kazungula border, some 150 m) and China–Macao are borders;
///   Namibia–Zimbabwe is not.
/// - ISO 3166-1 numeric codes, which world-atlas gives each shape, map the
///   shapes to the alpha-2 ids.
///
/// Islands without a land border (Iceland, Japan, Australia…) have no
/// neighbours; capitals and subdivisions have no `borders` facts.
///
/// # Names
///
/// Loading gives no error and 229 warnings, every one a name shared by
/// several nodes: subdivisions of one name in different countries
/// ("Central" in eight), a capital and the subdivision of the same name
/// (Budapest), a country and one of its subdivisions or its capital
/// (Guatemala, Mexico, Singapore, Luxembourg), an alpha-3 code and a place
/// (EST and Burkina Faso's Est region), an old name and a province (Zaire).
/// Resolving such a name is ambiguous and lists the candidates: use the id.
///
/// # Confidence and sources
///
/// Facts read straight from a data set are `confirmed`; facts that also
/// rest on the generator's own tables (withdrawn countries, start dates of
/// successors' borders, extra capitals, shapes meeting in one point) are
/// `reported` and cite the source `geokg-world-tables` beside the data set.
/// The source record has no licence field: each source's `title` ends with
/// `Licence: …`, for the data and for the package that carries it.
///
/// # Using it with your own document
///
/// A document of your own can refer to these ids (`mm`, `mm-11`,
/// `mm.nay-pyi-taw`) for the places it is about; merged on top of this
/// layer, its facts join the world's countries and subdivisions.
///
#[doc = include_str!("world.md")]
///
/// # Errors
/// None in practice: the embedded document is checked by the test suite.
pub fn world() -> Result<KnowledgeGraph, crate::LoadError> {
    KnowledgeGraph::from_json_str(WORLD)
}

/// The world layer's document text, for tools that want the JSON itself.
pub fn world_json() -> &'static str {
    WORLD
}
