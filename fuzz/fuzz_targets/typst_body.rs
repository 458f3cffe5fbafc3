//! libFuzzer entry for `isms::fuzzing::typst_body`; the work and the invariants live there.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isms::fuzzing::typst_body(data));
