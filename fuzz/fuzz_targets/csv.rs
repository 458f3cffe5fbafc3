//! libFuzzer entry for `isms::fuzzing::csv`; the work and the invariants live there.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isms::fuzzing::csv(data));
