//! Two documents built by `arbitrary` (as for `load_structured`, from the
//! same small pools of ids, so that they share nodes, sources and facts and
//! disagree about them), merged both ways round.
#![no_main]

use geokg_fuzz::doc::Doc;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|docs: (Doc, Doc)| {
    let (a, b) = (docs.0.to_json(), docs.1.to_json());
    geokg_fuzz::checks::merge_holds_together(&a, &b);
});
