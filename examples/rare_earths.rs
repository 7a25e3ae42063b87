//! The walkthrough: rare-earth mining in Myanmar, asked as an analyst would
//! ask it, each answer printed with the facts and sources behind it.
//!
//! The data set is the embedded one: the CNI News report of 4 September
//! 2025 and the reports of Reuters, The Irrawaddy, Radio Free Asia, Global
//! Witness and others, merged onto the world layer of countries, states and
//! borders. Part 1 asks the report's own questions; part 2 asks what the
//! sources agree on, what they dispute, what was known when, and who gained
//! ground.
//!
//! ```text
//! cargo run --example rare_earths
//! ```

use std::error::Error;

use geokg::query::{Answer, Contest, Filter};
use geokg::{Confidence, KnowledgeGraph, PartialDate, Period};

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
        "Rare earths in Myanmar, on the world layer: {} places, people and groups, {} facts, \
         {} sources.\n\
         Every fact below carries its period, how well established it is\n\
         (confirmed > reported > claimed > speculative) and where it was published.\n\n\
         Part 1: the CNI News report's questions\n\
         ======================================\n",
        g.node_count(),
        g.fact_count(),
        g.source_count()
    );

    ask(
        1,
        "Who controls the rare-earth areas of Kachin State?",
        "The deposits along the China border: Chinese operators run the mines; the NDA-K held the \
         area until the KIA took it, with Panwa and Chipwi, in the clashes of late 2024 (other \
         sources than CNI's add the NDA-K, the military and the day-level dates). A hold on a \
         town of the area also shows as a hold on part of the area.",
        &g.controllers("Kachin rare-earth mining area", &all)?,
    );
    ask(
        2,
        "And before those clashes (up to September 2024)?",
        "CNI's report alone says nothing of who held the ground before the KIA; the other \
         sources name the NDA-K and the military. The KIA shows too: by one report it took \
         Chipwi in September 2024.",
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
        "Two figures for the month are rivals: CNI's 4,200 t from Chinese customs, and a \
         report that China stopped the imports (at most 0 t). A total adds every fact that \
         passes, so here it adds the rivals; question 22 sets them side by side.",
        &g.exports("Myanmar", "China", Some("rare_earths"), &during("2024-09")?)?,
    );
    ask(
        8,
        "And from September to December 2024?",
        "\"Over 3,300 tons\" during the clashes is a lower bound and the halt an upper \
         one, so the sum is only approximate, and it still adds September's rival figures: \
         read the facts, not the total.",
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
        "The world layer adds Bangladesh, Laos and Thailand to the report's China and India. \
         The analyst said Assam borders Myanmar; standard maps disagree, so that fact is only \
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
         border rare-earth area: whoever holds the area holds it too. The NDA-K held it until \
         18 October 2024, the KIA since the 19th.",
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
        "One fact in full: the KIA's hold on Panwa, as CNI reports it",
        "",
        &g.explain("kia-controls-panwa")?,
    );

    part_two(&g)?;
    Ok(())
}

/// Part 2: many sources — agreement, dispute, record time, change.
fn part_two(g: &KnowledgeGraph) -> Result<(), Box<dyn Error>> {
    let all = Filter::ALL;
    println!(
        "Part 2: what the sources agree on, what they dispute, what was known when\n\
         ===========================================================================\n\
         A fact's support is the number of independent origins behind it: a spokesman \n\
         quoted by two outlets counts twice, one outlet's many articles once.\n"
    );

    println!("19. What do the sources agree on about Pangwa and Chipwi?");
    println!("=========================================================");
    println!(
        "Before October 2024 the NDA-K (the Border Guard Force under Zahkung Ting Ying) held \n\
         them; since October 2024 the KIA has. The best-supported statement of each:\n"
    );
    for id in [
        "nda-k-controls-panwa",
        "kia-controls-panwa-from-2024-10-19",
        "nda-k-controls-chipwi",
        "kia-controls-chipwi-from-2024-10",
    ] {
        let Some(fact) = g.fact(id) else { continue };
        let origins: Vec<String> = fact.origins().map(|o| o.to_string()).collect();
        println!(
            "  - {} controls {}, {}: {} independent origins ({})",
            fact.from().name(),
            fact.to().name(),
            fact.valid(),
            fact.support(),
            origins.join(", ")
        );
    }
    println!();
    ask(
        20,
        "Who has held Pangwa, on facts at least two independent sources support?",
        "",
        &g.controllers("Pangwa", &all.min_sources(2))?,
    );
    ask(
        21,
        "When did Chipwi fall? The sources disagree.",
        "Each date is a fact of its own with its own sources, so each stands beside the \
         NDA-K's hold that it overlaps: contested lists every such pair.",
        &g.contested(Some("Chipwi"), &all)?,
    );
    let everything = g.contested(None::<&str>, &all)?;
    println!("22. Did China halt imports in September 2024, or take 4,200 t?");
    println!("==============================================================");
    println!(
        "CNI gives 4,200 t from Chinese customs for September 2024; other outlets report that \n\
         China stopped imports from Myanmar that month. Two figures for one trade that cannot \n\
         both hold are a 'quantity' contest:\n"
    );
    for entry in everything.entries() {
        if let Contest::Quantity { facts } = entry
            && facts.iter().any(|f| f.valid().to_string() == "2024-09")
        {
            println!("{entry}");
            for f in facts {
                println!("{}", g.explain(f.id().as_str())?);
            }
        }
    }
    println!("And what else is disputed, by whom:");
    for entry in everything.entries() {
        if let Contest::Disputed { .. } = entry {
            println!("  - {entry}");
        }
    }
    println!();

    let nov_2024: PartialDate = "2024-11-01".parse()?;
    let mut then = all;
    then.known_at = Some(nov_2024);
    ask(
        23,
        "Who held Panwa, as it was known on 1 November 2024?",
        "Only statements made by then count: the reports of the capture in October 2024, not \n\
         the later ones, nor CNI's report of September 2025.",
        &g.controllers("Panwa", &then)?,
    );
    ask(
        24,
        "And as it is known today?",
        "",
        &g.controllers("Panwa", &all)?,
    );
    ask(
        25,
        "What changed in Kachin State between September and November 2024?",
        "For each place, who held it in November 2024 and not in September (gained), and the \n\
         other way round (lost). Chipwi shows only the NDA-K losing it: by one report the KIA \n\
         already held it in September, so by that report it gained nothing in between.",
        &g.control_changes(
            "2024-09".parse()?,
            "2024-11".parse()?,
            Some("Kachin State"),
            &all,
        )?,
    );
    Ok(())
}
