use std::time::Instant;
fn main() {
    let t = Instant::now();
    let src = copylint::LexiconSource::builtin("openai-on-aws").unwrap();
    let t1 = t.elapsed();
    let file: copylint::lexicon::model::LexiconFile =
        copylint::lexicon::yaml::from_str(&src.text).unwrap();
    let t2 = t.elapsed();
    let _ = file;
    let e = copylint::compile(&[src]).unwrap();
    let t3 = t.elapsed();
    let text = std::fs::read_to_string("/tmp/one.md").unwrap();
    let f = copylint::check_text(&e, copylint::DocumentKind::Markdown, &text);
    let t4 = t.elapsed();
    eprintln!(
        "load {:?} yaml {:?} compile(all) {:?} check {:?} findings {}",
        t1,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        f.len()
    );
}
