//! Any bytes as a document: loading never panics; what loads round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    geokg_fuzz::checks::load_document(data);
});
