fn main() {
    for a in std::env::args().skip(1) {
        let p = namesake_text::prepare(&a, namesake_text::NameSchema::Any);
        let t: Vec<String> = p.tokens.iter().map(|t| t.text.clone()).collect();
        let sk: Vec<String> = t.iter().map(|x| namesake_text::skeleton(x)).collect();
        println!(
            "{a}\t{:?}\t{:?}\tskel={:?}\talt={}",
            p.script,
            t,
            sk,
            p.alternates.len()
        );
    }
}
