fn main() {
    for a in std::env::args().skip(1) {
        let p = namesake_text::prepare(&a, namesake_text::NameSchema::Person);
        println!(
            "{a} -> {:?} {:?}",
            p.script,
            p.tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>()
        );
    }
}
