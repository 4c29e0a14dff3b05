//! From positioned glyphs to the blocks a reader sees on a page.
//!
//! A PDF page is a list of glyphs drawn at positions; words, lines and paragraphs are
//! only what the positions suggest. Glyphs arrive in content-stream order, which is the
//! order producers write text in (Chromium, LibreOffice, reportlab write a column, a
//! table cell, a paragraph at a time), so that order is kept and only the geometry
//! decides where a word, a line and a block end:
//!
//! * a glyph continues the line when it sits on the same baseline, in the same
//!   direction, not far after the previous one; a gap wider than a fraction of the font
//!   size is a space; a much wider gap (the next table cell) starts a new line;
//! * a line continues the block when it is the next line down (at most about one and a
//!   half lines below), in the same direction and about the same font size, and overlaps
//!   the previous line sideways (so two columns never merge);
//! * a word hyphenated at the end of a line (`en-` / `ables`) is joined again, and
//!   typographic ligatures (`ﬁ`, `ﬂ`, `ﬀ`) are spelt out, so phrases match.
//!
//! Rotated text works the same way in its own direction.

/// One glyph as the PDF draws it, in page space (points, y up).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Where the glyph's baseline starts.
    pub x: f64,
    /// Where the glyph's baseline starts.
    pub y: f64,
    /// The baseline's direction (a unit vector: `(1, 0)` for upright text).
    pub dir: (f64, f64),
    /// The font size in page units.
    pub size: f64,
    /// The glyph's advance along the baseline, in page units.
    pub advance: f64,
    /// What the glyph stands for (one or more characters, or none).
    pub text: String,
}

/// A space is assumed when the gap to the previous glyph is wider than this many font
/// sizes (typical word spaces are 0.25 to 0.33; kerning stays under 0.1).
const SPACE_GAP: f64 = 0.15;
/// A gap wider than this many font sizes ends the line (the next cell of a table row).
const CELL_GAP: f64 = 2.5;
/// A glyph more than this many font sizes above or below the baseline is on another line.
const BASELINE_TOLERANCE: f64 = 0.5;
/// The next line of a paragraph is at most this many font sizes below the previous one.
const MAX_LEADING: f64 = 1.7;
/// Lines whose font sizes differ by more than this ratio are different blocks (a heading
/// and the paragraph after it).
const SIZE_RATIO: f64 = 1.25;

/// A line being built.
#[derive(Debug)]
struct Line {
    text: String,
    dir: (f64, f64),
    size: f64,
    /// Where the line starts and where its last glyph ends, in page space.
    start: (f64, f64),
    end: (f64, f64),
}

/// Collects the glyphs of one page and makes its blocks.
#[derive(Debug, Default)]
pub struct PageLayout {
    blocks: Vec<String>,
    block: Option<Line>,
    line: Option<Line>,
}

impl PageLayout {
    /// An empty page.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next glyph in content-stream order.
    pub fn glyph(&mut self, glyph: Glyph) {
        let text = spell_out(&glyph.text);
        if text.is_empty() || !usable(&glyph) {
            return;
        }
        let continues = self.line.as_ref().map(|line| continues_line(line, &glyph));
        match continues {
            Some(Some(gap)) => {
                let Some(line) = self.line.as_mut() else {
                    return;
                };
                let is_space = text.chars().all(char::is_whitespace);
                if gap > SPACE_GAP * line.size.max(glyph.size)
                    && !is_space
                    && !line.text.ends_with(char::is_whitespace)
                {
                    line.text.push(' ');
                }
                line.text.push_str(&text);
                line.end = end_of(&glyph);
                line.size = line.size.max(glyph.size);
            }
            _ => {
                self.end_line();
                if text.chars().all(char::is_whitespace) {
                    return;
                }
                self.line = Some(Line {
                    text,
                    dir: glyph.dir,
                    size: glyph.size,
                    start: (glyph.x, glyph.y),
                    end: end_of(&glyph),
                });
            }
        }
    }

    /// Ends the page: its blocks, in order, each a paragraph without line breaks.
    pub fn finish(mut self) -> Vec<String> {
        self.end_line();
        self.end_block();
        self.blocks
    }

    fn end_line(&mut self) {
        let Some(mut line) = self.line.take() else {
            return;
        };
        line.text = line.text.trim().to_string();
        if line.text.is_empty() {
            return;
        }
        match &mut self.block {
            Some(block) if continues_block(block, &line) => {
                join_line(&mut block.text, &line.text);
                block.start = line.start;
                block.end = line.end;
                block.size = line.size;
            }
            _ => {
                self.end_block();
                self.block = Some(line);
            }
        }
    }

    fn end_block(&mut self) {
        if let Some(block) = self.block.take()
            && block.text.chars().any(|c| !c.is_whitespace())
        {
            self.blocks.push(block.text);
        }
    }
}

/// Whether a glyph's geometry can be used at all (a broken file can say anything).
fn usable(g: &Glyph) -> bool {
    [g.x, g.y, g.dir.0, g.dir.1, g.size, g.advance]
        .iter()
        .all(|v| v.is_finite())
        && g.size > 0.0
}

fn end_of(g: &Glyph) -> (f64, f64) {
    (g.x + g.dir.0 * g.advance, g.y + g.dir.1 * g.advance)
}

/// Position of `p` relative to `origin` in the frame of `dir`: (along, across), across
/// positive upwards.
fn frame(dir: (f64, f64), origin: (f64, f64), p: (f64, f64)) -> (f64, f64) {
    let (dx, dy) = (p.0 - origin.0, p.1 - origin.1);
    (dx * dir.0 + dy * dir.1, dir.0 * dy - dir.1 * dx)
}

fn same_direction(a: (f64, f64), b: (f64, f64)) -> bool {
    a.0 * b.0 + a.1 * b.1 > 0.99
}

/// The gap after the line's last glyph if `g` continues the line.
fn continues_line(line: &Line, g: &Glyph) -> Option<f64> {
    if !same_direction(line.dir, g.dir) {
        return None;
    }
    let size = line.size.max(g.size);
    let (along, across) = frame(line.dir, line.end, (g.x, g.y));
    let on_baseline = across.abs() <= BASELINE_TOLERANCE * size;
    // Slightly backwards is overprinting or tight kerning; far back is a new line.
    let in_reach = along >= -0.5 * size && along <= CELL_GAP * size;
    (on_baseline && in_reach).then_some(along.max(0.0))
}

/// Whether `line` is the next line of the paragraph `block` (whose `start`/`end` are
/// those of its last line).
fn continues_block(block: &Line, line: &Line) -> bool {
    if !same_direction(block.dir, line.dir) {
        return false;
    }
    let (big, small) = if block.size > line.size {
        (block.size, line.size)
    } else {
        (line.size, block.size)
    };
    if big > small * SIZE_RATIO {
        return false;
    }
    let (_, below) = frame(block.dir, block.start, line.start);
    if !(-MAX_LEADING * big..-0.5 * small).contains(&below) {
        return false;
    }
    // Sideways overlap of the two lines, measured along the baseline.
    let (a0, _) = frame(block.dir, block.start, block.start);
    let (a1, _) = frame(block.dir, block.start, block.end);
    let (b0, _) = frame(block.dir, block.start, line.start);
    let (b1, _) = frame(block.dir, block.start, line.end);
    a0.max(b0) < a1.min(b1)
}

/// Appends the next line of a paragraph to `text`: a word hyphenated across the line end
/// is joined again (a soft hyphen always goes; a hyphen between lower-case letters goes,
/// as justified text breaks words; another hyphen stays, as in `AWS-` / `managed`),
/// anything else gets a space.
fn join_line(text: &mut String, next: &str) {
    let mut tail = text.chars().rev();
    let last = tail.next();
    let before = tail.next();
    let next_lower = next.chars().next().is_some_and(char::is_lowercase);
    match last {
        Some('\u{AD}') => {
            text.pop();
        }
        Some('-' | '\u{2010}') if next_lower && before.is_some_and(char::is_lowercase) => {
            text.pop();
        }
        Some('-' | '\u{2010}') => {}
        _ => text.push(' '),
    }
    text.push_str(next);
}

/// The glyph's text as a reader spells it: typographic ligatures as their letters,
/// control characters (broken font encodings) dropped.
fn spell_out(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs for `text` written from (x, y) upright in a 10-point font with a fixed
    /// advance of 5 points per character, spaces included.
    fn run(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + 5.0 * i as f64,
                y,
                dir: (1.0, 0.0),
                size: 10.0,
                advance: 5.0,
                text: c.to_string(),
            })
            .collect()
    }

    fn layout(runs: Vec<Vec<Glyph>>) -> Vec<String> {
        let mut page = PageLayout::new();
        for glyph in runs.into_iter().flatten() {
            page.glyph(glyph);
        }
        page.finish()
    }

    #[test]
    fn lines_of_a_paragraph_join_and_hyphenation_is_undone() {
        let blocks = layout(vec![
            run("SRE en-", 0.0, 700.0),
            run("ables access to", 0.0, 688.0),
            run("Chat-", 0.0, 676.0),
            run("GPT today.", 0.0, 664.0),
        ]);
        assert_eq!(blocks, ["SRE enables access to Chat-GPT today."]);
    }

    #[test]
    fn gaps_make_spaces_and_columns_stay_apart() {
        let mut words = run("calls", 0.0, 700.0);
        // No space glyph, but a gap of 4 points (0.4 of the font size) before "on".
        words.extend(run("on", 29.0, 700.0));
        // The right column, on the same baseline but far away, and its next line.
        let right = run("Right column", 300.0, 700.0);
        let right2 = run("goes on.", 300.0, 688.0);
        let left2 = run("left again", 0.0, 688.0);
        assert_eq!(
            layout(vec![words, right, right2, left2]),
            ["calls on", "Right column goes on.", "left again"]
        );
    }

    #[test]
    fn headings_far_lines_and_rotated_text_are_blocks_of_their_own() {
        let mut heading = run("Title", 0.0, 750.0);
        for g in &mut heading {
            g.size = 18.0;
        }
        let body = run("Body text.", 0.0, 735.0);
        let far = run("Far below.", 0.0, 600.0);
        let rotated: Vec<Glyph> = "Draft copy"
            .chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: 30.0,
                y: 100.0 + 5.0 * i as f64,
                dir: (0.0, 1.0),
                size: 10.0,
                advance: 5.0,
                text: c.to_string(),
            })
            .collect();
        assert_eq!(
            layout(vec![heading, body, far, rotated]),
            ["Title", "Body text.", "Far below.", "Draft copy"]
        );
    }

    #[test]
    fn ligatures_are_spelt_out_and_broken_glyphs_ignored() {
        let mut glyphs = run("o\u{FB00}ers work\u{FB02}ow", 0.0, 700.0);
        glyphs.push(Glyph {
            x: f64::NAN,
            ..glyphs[0].clone()
        });
        glyphs.push(Glyph {
            text: "\u{0}".into(),
            ..glyphs[0].clone()
        });
        assert_eq!(layout(vec![glyphs]), ["offers workflow"]);
    }

    #[test]
    fn soft_hyphens_always_join_hard_ones_only_between_lower_case() {
        let mut text = String::from("Self\u{AD}");
        join_line(&mut text, "Service");
        assert_eq!(text, "SelfService");
        let mut text = String::from("AWS-");
        join_line(&mut text, "managed");
        assert_eq!(text, "AWS-managed");
    }
}
