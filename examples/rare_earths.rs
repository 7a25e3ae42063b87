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
         area, with Panwa, in the clashes of late 2024.",
        &g.controllers("Kachin rare-earth mining area", &all)?,
    );
    ask(
        2,
        "And before those clashes (up to September 2024)?",
        "",
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
         Kunming. Nobody is recorded holding the road itself; the answer names who holds ground \
         along it.",
        &g.who_controls_routes_between("Kachin State", "India", &all)?,
    );
    ask(
        5,
        "Who controls the routes between Sagaing and India?",
        "A route with no known controller is listed with none: unknown is an answer.",
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
        "How many routes does it take from Kachin State to Manipur?",
        "",
        &g.route_path("Kachin State", "Manipur", &all)?,
    );
    ask(
        14,
        "What do we know about Panwa, in order?",
        "",
        &g.timeline("Panwa", &all)?,
    );

    println!("15. Who said what?");
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
        16,
        "One fact in full: the KIA's hold on Panwa",
        "",
        &g.explain("kia-controls-panwa")
            .ok_or("the data set names this fact")?,
    );
    Ok(())
}
