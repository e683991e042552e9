//! Prints the script and tokens namesake makes of each argument, read as a person's name:
//! `cargo run --example prep -p namesake-text -- "ហ៊ុន សែន" "Nourreddine"`.

fn main() {
    for a in std::env::args().skip(1) {
        let p = namesake_text::prepare(&a, namesake_text::NameSchema::Person);
        let tokens: Vec<&str> = p.tokens.iter().map(|t| t.text.as_str()).collect();
        println!("{a} -> {:?} {tokens:?}", p.script);
    }
}
