//! Embedded data sets.

use crate::KnowledgeGraph;

const MYANMAR_RARE_EARTHS: &str = include_str!("myanmar_rare_earths.json");

/// Rare-earth mining in Myanmar, from CNI News, 4 September 2025: the KIA,
/// UWSA and NDAA, Kachin, Shan and Sagaing, the Ledo (Stilwell) Road, the
/// exports to China and India's interest.
///
/// # Errors
/// None in practice: the embedded document is checked by the test suite.
pub fn myanmar_rare_earths() -> Result<KnowledgeGraph, crate::LoadError> {
    KnowledgeGraph::from_json_str(MYANMAR_RARE_EARTHS)
}

/// The embedded document's text, for tools that want the JSON itself.
pub fn myanmar_rare_earths_json() -> &'static str {
    MYANMAR_RARE_EARTHS
}

const WORLD: &str = include_str!("world.json");

/// The world underneath: every country of ISO 3166-1, the subdivisions of
/// ISO 3166-2, the countries withdrawn from ISO 3166 (ISO 3166-3) with
/// their periods, land borders derived from Natural Earth's shapes, and
/// capitals with coordinates from GeoNames — each fact with the open data
/// set it comes from.
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
