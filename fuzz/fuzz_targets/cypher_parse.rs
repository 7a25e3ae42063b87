//! Any bytes as a Cypher query (read as UTF-8, invalid sequences replaced):
//! parsing never panics; an error points inside the text and prints with
//! a caret; a query prints as Cypher that parses back to the same tree
//! and prints the same again.
#![no_main]

use geokg::query::cypher::{Position, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse(&text) {
        Ok(query) => {
            let printed = query.to_string();
            let again =
                parse(&printed).unwrap_or_else(|e| panic!("{printed:?} does not parse back: {e}"));
            assert_eq!(again.without_spans(), query.without_spans(), "{printed}");
            assert_eq!(again.to_string(), printed);
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.is_empty());
            if let Some(at) = error.position() {
                assert!(at.offset <= text.len());
                assert_eq!(Position::of_offset(&text, at.offset), at);
                assert!(message.contains('^'), "{message}");
            }
        }
    }
});
