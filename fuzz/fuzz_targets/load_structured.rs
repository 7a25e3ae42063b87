//! Mostly valid documents built by `arbitrary`, so inputs reach validation
//! and graph building; the graphs that load are queried. With
//! `GEOKG_FUZZ_DUMP=FILE` the document is also written to FILE, which is
//! how a crash becomes a regression file.
#![no_main]

use geokg_fuzz::doc::Doc;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|doc: Doc| {
    let json = doc.to_json();
    if let Some(path) = std::env::var_os("GEOKG_FUZZ_DUMP") {
        let _ = std::fs::write(path, &json);
    }
    geokg_fuzz::checks::structured_document(json.as_bytes());
});
