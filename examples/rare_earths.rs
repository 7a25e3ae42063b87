//! The walkthrough: the CNI News report of 4 September 2025 on rare-earth
//! mining in Myanmar, asked as an analyst would ask it, each answer printed
//! with the facts and sources behind it.
//!
//! ```text
//! cargo run --example rare_earths
//! ```

use std::error::Error;

use geokg::query::{Answer, Filter};
use geokg::{Confidence, KnowledgeGraph, Period};

/// Prints a question, a line of context, and the answer with its evidence.
fn ask(number: usize, question: &str, context: &str, answer: &dyn Answer) {
    println!("{number}. {question}");
    println!("{}", "=".repeat(question.len() + 3));
    if !context.is_empty() {
        println!("{context}\n");
    }
    println!("{answer}\n");
}

fn during(span: &str) -> Result<Filter, Box<dyn Error>> {
    Ok(Filter::during(span.parse::<Period>()?))
}

fn main() -> Result<(), Box<dyn Error>> {
    let g: KnowledgeGraph = geokg::datasets::myanmar_rare_earths()?;
    let all = Filter::ALL;

    println!(
        "Rare earths in Myanmar: {} places, people and groups, {} facts, {} sources.\n\
         Every fact below carries its period, how well established it is\n\
         (confirmed > reported > claimed > speculative) and where it was published.\n",
        g.node_count(),
        g.fact_count(),
        g.source_count()
    );

    ask(
        1,
        "Who controls the rare-earth areas of Kachin State?",
        "The deposits along the China border: Chinese operators run the mines; the KIA took the \
         area, with Panwa, in the clashes of late 2024. Panwa is one of the area's places, so the \
         KIA's hold on the town also shows as a hold on part of the area.",
        &g.controllers("Kachin rare-earth mining area", &all)?,
    );
    ask(
        2,
        "And before those clashes (up to September 2024)?",
        "The report gives the Chinese operators' hold no start date and says nothing of who held \
         the ground before the KIA. No other controller is recorded in this report; that is \
         silence, not a finding that there was none.",
        &g.controllers("Kachin rare-earth mining area", &during("..2024-09")?)?,
    );
    ask(
        3,
        "Who controls the rare-earth areas of Shan State?",
        "",
        &g.controllers("Shan rare-earth mining area", &all)?,
    );
    ask(
        4,
        "Who controls the routes between Kachin State and India?",
        "The Ledo (Stilwell) Road runs from Ledo in India through Sagaing and Kachin State to \
         Kunming. Nobody is recorded holding the road itself. The actors below hold part of \
         Kachin State, a region the road passes through: the data do not say that their ground \
         lies on the road.",
        &g.who_controls_routes_between("Kachin State", "India", &all)?,
    );
    ask(
        5,
        "Who controls the routes between Sagaing and India?",
        "A route with no known controller is listed with none: unknown is an answer. The Ledo \
         Road's holders are, again, holders of part of Kachin State, which the road crosses.",
        &g.who_controls_routes_between("Sagaing", "India", &all)?,
    );
    ask(
        6,
        "Which routes link India and China?",
        "",
        &g.routes_between("India", "China", &all)?,
    );
    ask(
        7,
        "How much rare earth did Myanmar export to China in September 2024?",
        "",
        &g.exports("Myanmar", "China", Some("rare_earths"), &during("2024-09")?)?,
    );
    ask(
        8,
        "And from September to December 2024?",
        "\"Over 3,300 tons\" during the clashes is a lower bound, so the total is one too.",
        &g.exports(
            "Myanmar",
            "China",
            Some("rare_earths"),
            &during("2024-09..2024-12")?,
        )?,
    );
    ask(
        9,
        "What does India propose?",
        "",
        &g.proposals(Some(&"India"), None, &all)?,
    );
    ask(
        10,
        "Which routes link Myanmar and India?",
        "",
        &g.routes_between("Myanmar", "India", &all)?,
    );
    ask(
        11,
        "What borders Sagaing?",
        "",
        &g.neighbours("Sagaing", &all)?,
    );
    ask(
        12,
        "Which borders of Myanmar rest on more than a claim?",
        "The analyst said Assam borders Myanmar; standard maps disagree, so that fact is only \
         'claimed' and drops out at 'reported'.",
        &g.neighbours("Myanmar", &all.min_confidence(Confidence::Reported))?,
    );
    ask(
        13,
        "How many routes lead from Kachin State to Manipur, on facts reported or better?",
        "Only one link joins the Ledo Road to a road into Manipur: the analyst's placing of \
         Pansaung on the Inpha-Kohima corridor. Pansaung lies by the Pangsau Pass in the far \
         north, while the 1944 offensive crossed the Chindwin far to the south, so that link is \
         only 'claimed'. At 'reported' there is no path.",
        &g.route_path(
            "Kachin State",
            "Manipur",
            &all.min_confidence(Confidence::Reported),
        )?,
    );
    ask(
        14,
        "And counting claims?",
        "Two routes, the second joined on the analyst's claim alone.",
        &g.route_path(
            "Kachin State",
            "Manipur",
            &all.min_confidence(Confidence::Claimed),
        )?,
    );
    ask(
        15,
        "Who controls Panwa?",
        "Panwa, with nearly 300 mining sites (at most 300), is one of the places of the Kachin \
         border rare-earth area: the KIA holds the town, and whoever holds the area holds it too.",
        &g.controllers("Panwa", &all)?,
    );
    ask(
        16,
        "What do we know about Panwa, in order?",
        "",
        &g.timeline("Panwa", &all)?,
    );

    println!("17. Who said what?");
    println!("==================");
    for speaker in ["aung-myo", "sai-htay-aung", "bbc", "china-customs"] {
        let Some(who) = g.node(speaker) else { continue };
        println!("{}:", who.name());
        for fact in g.facts() {
            if fact.evidence().any(|e| e.speaker() == Some(who)) {
                println!(
                    "  - {} {} {} ({}, {})",
                    fact.from().name(),
                    fact.kind(),
                    fact.to().name(),
                    fact.confidence(),
                    fact.id()
                );
            }
        }
    }
    println!();

    ask(
        18,
        "One fact in full: the KIA's hold on Panwa",
        "",
        &g.explain("kia-controls-panwa")?,
    );
    Ok(())
}
