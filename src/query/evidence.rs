//! Printing facts with their evidence for people. Every answer's `Display`
//! goes through here, so a fact reads the same in every answer.

use std::fmt;

use crate::graph::{EvidenceRef, FactRef, NodeRef};
use crate::model::{FactDetails, FactField, FieldValue, Stance};
use crate::query::Filter;

/// `Name (id)`.
pub(crate) struct Short<'g>(pub NodeRef<'g>);

impl fmt::Display for Short<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.0.name(), self.0.id())
    }
}

/// The fields of a fact's kind in words, `, `-separated; empty when it
/// has none.
fn details_text(details: &FactDetails) -> String {
    let words: Vec<String> = details
        .fields()
        .filter_map(|(field, value)| field_text(field, value))
        .collect();
    words.join(", ")
}

/// One field in words: `military`, `"build a road"`, `stop 2`, `as chair`,
/// `on trade`; an `exports_to` fact without an amount says so. The DOT
/// export labels its edges with the same words.
pub(crate) fn field_text(field: FactField, value: Option<FieldValue<'_>>) -> Option<String> {
    let Some(v) = value else {
        return (field == FactField::Quantity).then(|| "amount not given".to_owned());
    };
    Some(match field {
        FactField::Mode | FactField::Commodity | FactField::Quantity => v.to_string(),
        FactField::Action => format!("\"{v}\""),
        FactField::Order => format!("stop {v}"),
        FactField::Role => format!("as {v}"),
        FactField::Topic => format!("on {v}"),
    })
}

/// One fact on one line, its evidence on the lines below, each line
/// starting with `indent`, and, when there is something to say, what the
/// sources say of it as of `filter`'s `known_at` (its
/// [assessment](crate::FactRef::assessment)):
///
/// ```text
/// [f10] River Guard (guard) controls North Vale (north) · military · 2024-10.. · reported
///       source: Vale Gazette, 2025-09-04 (reliability B: usually reliable); said by Ann Reed (ann)
///       source: Hill Courier, 2025-09-05
///       2 independent sources
/// ```
pub(crate) fn write_fact(
    f: &mut fmt::Formatter<'_>,
    fact: FactRef<'_>,
    filter: &Filter,
    indent: &str,
) -> fmt::Result {
    write!(
        f,
        "{indent}[{}] {} {} {}",
        fact.id(),
        Short(fact.from()),
        fact.kind(),
        Short(fact.to())
    )?;
    let details = details_text(fact.details());
    if !details.is_empty() {
        write!(f, " · {details}")?;
    }
    let valid = fact.valid();
    if valid.is_all_time() {
        f.write_str(" · timeless")?;
    } else {
        write!(f, " · {valid}")?;
    }
    writeln!(f, " · {}", fact.confidence())?;
    let pad = " ".repeat(fact.id().as_str().len() + 3);
    if fact.evidence().len() == 0 {
        writeln!(f, "{indent}{pad}no evidence recorded")?;
    }
    for e in fact.evidence() {
        // Compact: publisher, date and grade. The title and URL are in `explain`.
        let source = e.source();
        write!(f, "{indent}{pad}source: {}", source.publisher())?;
        if let Some(d) = source.published() {
            write!(f, ", {d}")?;
        }
        if let Some(r) = source.reliability() {
            write!(f, " (reliability {r}: {})", r.meaning())?;
        }
        write_statement(f, e)?;
        if let Some(note) = e.note() {
            write!(f, "; {note}")?;
        }
        writeln!(f)?;
    }
    let assessment = fact.assessment(filter);
    if assessment.is_notable() {
        writeln!(f, "{indent}{pad}{assessment}")?;
    }
    Ok(())
}

/// What an entry says beyond its source: `; disputes`, who said it, when,
/// and how credible it is, each only when given.
fn write_statement(f: &mut fmt::Formatter<'_>, e: EvidenceRef<'_>) -> fmt::Result {
    if e.stance() == Stance::Disputes {
        f.write_str("; disputes")?;
    }
    if let Some(speaker) = e.speaker() {
        write!(f, "; said by {}", Short(speaker))?;
    }
    if let Some(d) = e.said() {
        write!(f, "; said on {d}")?;
    }
    if let Some(c) = e.credibility() {
        write!(f, "; credibility {c}: {}", c.meaning())?;
    }
    Ok(())
}

/// Several facts, one block each.
pub(crate) fn write_facts<'g>(
    f: &mut fmt::Formatter<'_>,
    facts: impl IntoIterator<Item = FactRef<'g>>,
    filter: &Filter,
    indent: &str,
) -> fmt::Result {
    for fact in facts {
        write_fact(f, fact, filter, indent)?;
    }
    Ok(())
}

/// One fact in full: every field, every piece of evidence with its whole
/// source and speaker.
pub(crate) fn write_fact_in_full(f: &mut fmt::Formatter<'_>, fact: FactRef<'_>) -> fmt::Result {
    writeln!(f, "Fact {} ({})", fact.id(), fact.kind())?;
    writeln!(f, "  from:       {}", fact.from())?;
    writeln!(f, "  to:         {}", fact.to())?;
    let details = details_text(fact.details());
    if !details.is_empty() {
        writeln!(f, "  details:    {details}")?;
    }
    let valid = fact.valid();
    if valid.is_all_time() {
        writeln!(f, "  valid:      timeless (no period given)")?;
    } else {
        writeln!(f, "  valid:      {valid}")?;
    }
    writeln!(f, "  confidence: {}", fact.confidence())?;
    if let Some(reason) = fact.deprecated() {
        writeln!(f, "  deprecated: {reason}")?;
    }
    let support = fact.support();
    if support >= 2 {
        let origins: Vec<String> = fact.origins().map(|o| o.to_string()).collect();
        writeln!(
            f,
            "  support:    {support} independent sources ({})",
            origins.join(", ")
        )?;
    }
    if !fact.props().is_empty() {
        let props = serde_json::Value::Object(fact.props().clone());
        writeln!(f, "  props:      {props}")?;
    }
    if fact.evidence().len() == 0 {
        writeln!(f, "  evidence:   none recorded")?;
    }
    for (i, e) in fact.evidence().enumerate() {
        let s = e.source();
        writeln!(f, "  evidence {}:", i + 1)?;
        writeln!(f, "    source:      {} ({})", s.publisher(), s.id())?;
        if let Some(t) = s.title() {
            writeln!(f, "    title:       {t}")?;
        }
        if let Some(d) = s.published() {
            writeln!(f, "    published:   {d}")?;
        }
        if let Some(r) = s.reliability() {
            writeln!(f, "    reliability: {r} ({})", r.meaning())?;
        }
        if let Some(u) = s.url() {
            writeln!(f, "    url:         {u}")?;
        }
        if let Some(o) = s.outlet().and_then(|o| fact.graph().node(o.as_str())) {
            writeln!(f, "    outlet:      {o}")?;
        }
        if e.stance() == Stance::Disputes {
            writeln!(f, "    stance:      disputes the fact")?;
        }
        if let Some(sp) = e.speaker() {
            writeln!(f, "    speaker:     {sp}")?;
        }
        if let Some(d) = e.said() {
            writeln!(f, "    said:        {d}")?;
        }
        if let Some(c) = e.credibility() {
            writeln!(f, "    credibility: {c} ({})", c.meaning())?;
        }
        if let Some(n) = e.note() {
            writeln!(f, "    note:        {n}")?;
        }
    }
    Ok(())
}
