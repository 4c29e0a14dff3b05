//! Character folding for matching: the forms a reader does not tell apart.
//!
//! Prose and lexicon phrases are both folded, one character (with its accents) at a time,
//! so that a phrase matches however the text spells it:
//!
//! * compatibility forms become their plain letters and digits (NFKC): fullwidth
//!   `ｃｈａｔｇｐｔ`, ligatures `ﬁ`, mathematical `𝐂𝐡𝐚𝐭`, superscripts, circled letters;
//! * accents on Latin, Greek and Cyrillic letters are dropped, precomposed or combining
//!   (`café`, `cafe\u{301}` and `cafe` are one word); the marks of other scripts (Indic
//!   vowel signs, Japanese voicing marks) are part of the spelling and kept, composed;
//! * invisible characters (Unicode's default-ignorable code points: soft hyphen, zero
//!   width joiners, word joiner, variation selectors, bidi controls) are dropped;
//! * letters that only look like ASCII letters ([`look_alike`]): a Cyrillic `О` in
//!   `ОpenAI`, a Greek `ο` in `Bedrοck`, a dotless `ı` in `OpenAı`, are read as the letters
//!   they imitate wherever a word mixes scripts (see [`NormalizedText::look_alikes`]).
//!
//! Symbols and punctuation keep their form unless their compatibility form is a single
//! ASCII character (fullwidth `－` is `-`): `™` does not become `tm` (so `ChatGPT™` is
//! still the word ChatGPT) and `…` does not become `...`.
//!
//! The prefilter projects raw bytes through the same functions ([`project`]), so it sees
//! every letter the matcher can.
//!
//! [`NormalizedText::look_alikes`]: crate::normalize::NormalizedText::look_alikes

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use icu_properties::CodePointSetData;
use icu_properties::props::DefaultIgnorableCodePoint;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, decompose_compatible, is_combining_mark};
use unicode_script::{Script, UnicodeScript};

/// Whether `c` is part of a word for whole-word matching.
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a reader cannot see `c` at all, so that it is dropped: `Chat\u{2060}GPT` reads
/// as ChatGPT.
#[inline]
pub fn is_invisible(c: char) -> bool {
    CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

/// Whether `c` attaches to the character before it: a combining mark, or a character
/// whose compatibility form is one (the halfwidth voicing mark `ﾞ`).
pub fn is_mark(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    if is_combining_mark(c) {
        return true;
    }
    let mut first = None;
    decompose_compatible(c, |d| {
        first.get_or_insert(d);
    });
    first.is_some_and(|d| d != c && is_combining_mark(d))
}

/// Whether the marks on `base` are part of its spelling. Accents on Latin, Greek and
/// Cyrillic letters (and stray marks on digits, punctuation or nothing) are not: readers
/// and writers drop them freely, and a disguise adds them.
pub fn keeps_marks(base: char) -> bool {
    !matches!(
        base.script(),
        Script::Latin
            | Script::Greek
            | Script::Cyrillic
            | Script::Common
            | Script::Inherited
            | Script::Unknown
    )
}

/// Marks folded together with their base, at most: the Unicode stream-safe limit. Marks
/// past it are folded on their own, so a run of a million marks costs no more than a
/// million characters.
pub const MAX_MARKS: usize = 30;

/// Folds clusters of characters, reusing its buffers.
#[derive(Debug, Default, Clone)]
pub struct Folder {
    chars: Vec<char>,
}

impl Folder {
    /// Whether `base` starts a cluster whose marks are kept: see [`keeps_marks`]. Decided
    /// on its compatibility form, and never when that holds an ASCII character (an ASCII
    /// letter is never composed with a mark).
    pub fn keeps_marks_of(&mut self, base: char) -> bool {
        if base.is_ascii() {
            return false;
        }
        self.chars.clear();
        decompose_compatible(base, |d| self.chars.push(d));
        !self.chars.iter().any(char::is_ascii)
            && self.chars.first().is_some_and(|&d| keeps_marks(d))
    }

    /// Appends the folded form of the cluster `base` + `marks` to `out`. `marks` are the
    /// marks that follow `base` when [`Folder::keeps_marks_of`] says they are kept (pass
    /// none otherwise: they are dropped).
    pub fn fold(&mut self, base: char, marks: &[char], fold_case: bool, out: &mut String) {
        let start = out.len();
        self.chars.clear();
        decompose_compatible(base, |d| self.chars.push(d));
        let keep = !self.chars.iter().any(char::is_ascii)
            && self.chars.first().is_some_and(|&d| keeps_marks(d));
        if keep {
            for &m in marks {
                decompose_compatible(m, |d| self.chars.push(d));
            }
        } else {
            self.chars.retain(|&d| !is_combining_mark(d));
        }
        push_nfc(&self.chars, fold_case, out);
        let folded = &out[start..];
        let mut chars = folded.chars();
        let single_ascii = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_ascii() && !c.is_ascii_whitespace());
        let words = base.is_alphanumeric()
            && !folded.is_empty()
            && folded
                .chars()
                .all(|c| is_word_char(c) || is_combining_mark(c));
        if words || single_ascii {
            return;
        }
        // A symbol or punctuation whose compatibility form is not one plain character
        // (`™` is `TM`, `…` is `...`, `½` is `1⁄2`): keep it, folding only its accents.
        out.truncate(start);
        self.chars.clear();
        decompose_canonical(base, |d| self.chars.push(d));
        if keep {
            for &m in marks {
                decompose_canonical(m, |d| self.chars.push(d));
            }
        } else {
            self.chars.retain(|&d| !is_combining_mark(d));
        }
        push_nfc(&self.chars, fold_case, out);
    }
}

fn push_nfc(chars: &[char], fold_case: bool, out: &mut String) {
    if fold_case {
        out.extend(chars.iter().flat_map(|c| c.to_lowercase()).nfc());
    } else {
        out.extend(chars.iter().copied().nfc());
    }
}

/// The ASCII letters or digits that `c`, a letter of a folded text, imitates, if it only
/// looks like them: the confusable prototype of Unicode's UTS #39 (`О` → `O`, `ı` → `i`,
/// `ԁ` → `d`), or that of its capital (Cyrillic `т` → `T`). Lower-cased when `fold_case`,
/// in the case of `c` otherwise.
pub fn look_alike(c: char, fold_case: bool) -> Option<String> {
    if c.is_ascii() || !c.is_alphanumeric() || is_combining_mark(c) {
        return None;
    }
    // Only a character that is its own canonical form: a composed letter of a script
    // whose marks are kept is not one letter of another script.
    let mut canonical = true;
    decompose_canonical(c, |d| canonical &= d == c);
    if !canonical {
        return None;
    }
    let ascii =
        |s: String| (!s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(s);
    let mut buf = [0u8; 4];
    let direct = ascii(unicode_security::skeleton(c.encode_utf8(&mut buf)).collect());
    let found = direct.or_else(|| {
        let mut upper = c.to_uppercase();
        let u = upper.next().filter(|&u| u != c && upper.next().is_none())?;
        let mut buf = [0u8; 4];
        let s = ascii(unicode_security::skeleton(u.encode_utf8(&mut buf)).collect())?;
        Some(if c.is_lowercase() {
            s.to_ascii_lowercase()
        } else {
            s
        })
    })?;
    Some(if fold_case {
        found.to_ascii_lowercase()
    } else {
        found
    })
}

/// The most bytes [`project`] emits for one character, and [`look_alike`] holds (`Ⅷ` is
/// `viii`). No character projects to more than twice its UTF-8 length.
pub const MAX_PROJECTED: usize = 4;

/// Calls `emit` with every ASCII letter or digit, lower-cased, that the non-ASCII
/// character `c` can put into a folded prose text: its folded form, with look-alike
/// letters read as what they imitate. Marks and invisible characters give none. The
/// prefilter's view of a non-ASCII character.
pub fn project(c: char, folder: &mut Folder, scratch: &mut String, mut emit: impl FnMut(u8)) {
    if c.is_whitespace() || is_invisible(c) || is_mark(c) {
        return;
    }
    scratch.clear();
    folder.fold(c, &[], true, scratch);
    for x in scratch.chars() {
        if x.is_ascii() {
            if x.is_ascii_alphanumeric() {
                emit(x as u8);
            }
        } else if let Some(s) = look_alike(x, true) {
            s.bytes().for_each(&mut emit);
        }
    }
}

/// What folding does to one non-ASCII character on its own (case folded), as
/// [`facts`] remembers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    bits: u64,
    look: u64,
}

const COMPUTED: u64 = 1 << 63;
const PLAIN: u64 = 1;
const MARK: u64 = 1 << 1;
const INVISIBLE: u64 = 1 << 2;
const WORD: u64 = 1 << 3;

impl Facts {
    fn compute(c: char) -> Facts {
        let mut folder = Folder::default();
        let mut folded = String::new();
        let invisible = is_invisible(c);
        let mark = is_mark(c);
        folder.fold(c, &[], true, &mut folded);
        let plain = !c.is_whitespace() && !invisible && !mark && folded.chars().eq([c]);
        let mut bits = (plain as u64 * PLAIN)
            | (mark as u64 * MARK)
            | (invisible as u64 * INVISIBLE)
            | (is_word_char(c) as u64 * WORD)
            | ((c.script() as u8 as u64) << 48);
        let mut len = 0;
        project(c, &mut folder, &mut folded, |b| {
            if len < MAX_PROJECTED {
                bits |= (b as u64) << (16 + 8 * len);
                len += 1;
            }
        });
        bits |= (len as u64) << 8;
        let mut look = 0;
        if let Some(ascii) = look_alike(c, true) {
            for (i, b) in ascii.bytes().take(MAX_PROJECTED).enumerate() {
                look |= (b as u64) << (8 + 8 * i);
            }
            look |= ascii.len().min(MAX_PROJECTED) as u64;
        }
        // What the character is once folded, for the prefilter's view of words: the script
        // of its letters (ASCII ones are Latin), and whether one of them is a look-alike.
        let mut script = None;
        let mut hides_look_alike = false;
        let mut always = false;
        for x in folded.chars().filter(|x| x.is_alphanumeric()) {
            let x_script = if x.is_ascii() {
                Script::Latin
            } else {
                x.script()
            };
            if !x.is_ascii() && look_alike(x, true).is_some() {
                hides_look_alike = true;
                // Read as ASCII even in a word of one script (see `Normalizer::finish`).
                always |= x_script == Script::Latin;
            }
            if !matches!(
                x_script,
                Script::Common | Script::Inherited | Script::Unknown
            ) {
                always |= script.is_some_and(|s| s != x_script);
                script.get_or_insert(x_script);
            }
        }
        look |= (hides_look_alike as u64) << 40
            | ((hides_look_alike && always) as u64) << 41
            | script.map_or(0, |s| s as u8 as u64 + 1) << 48;
        Facts { bits, look }
    }

    /// Whether the character folds to itself and is nothing special: not white space,
    /// invisible or a mark.
    pub fn is_plain(self) -> bool {
        self.bits & PLAIN != 0
    }

    /// Whether the character is a mark ([`is_mark`]).
    pub fn is_mark(self) -> bool {
        self.bits & MARK != 0
    }

    /// Whether the character is invisible ([`is_invisible`]).
    pub fn is_invisible(self) -> bool {
        self.bits & INVISIBLE != 0
    }

    /// Whether the character is a word character ([`is_word_char`]).
    pub fn is_word(self) -> bool {
        self.bits & WORD != 0
    }

    /// The character's Unicode script, as its `repr(u8)` value: equal for characters of
    /// one script.
    pub fn script_id(self) -> u8 {
        (self.bits >> 48) as u8
    }

    /// Whether the character is of script `script`.
    pub fn is_script(self, script: Script) -> bool {
        (self.bits >> 48) as u8 == script as u8
    }

    /// The bytes [`project`] emits for the character.
    pub fn projected(self) -> ([u8; MAX_PROJECTED], usize) {
        unpack(self.bits >> 16, (self.bits >> 8) as usize & 7)
    }

    /// Whether the character's folded form holds a letter with a [`look_alike`]: in a
    /// word that mixes scripts, it is read as an ASCII letter.
    pub fn hides_look_alike(self) -> bool {
        self.look & (1 << 40) != 0
    }

    /// Whether the character's folded form holds a look-alike read as ASCII whatever word
    /// it is in: a Latin one (`ı`), or one beside a letter of another script.
    pub fn always_look_alike(self) -> bool {
        self.look & (1 << 41) != 0
    }

    /// The script of the letters of the character's folded form (ASCII letters are
    /// Latin), as its `repr(u8)` value plus one; 0 when it has none but common ones
    /// (digits, symbols, marks).
    pub fn letter_script(self) -> u8 {
        (self.look >> 48) as u8
    }

    /// [`look_alike`] of the character, lower-cased, if it has one.
    pub fn look_alike(self) -> Option<([u8; MAX_PROJECTED], usize)> {
        let len = self.look as usize & 7;
        (len > 0).then(|| unpack(self.look >> 8, len))
    }
}

fn unpack(bytes: u64, len: usize) -> ([u8; MAX_PROJECTED], usize) {
    let mut out = [0; MAX_PROJECTED];
    for (i, b) in out.iter_mut().enumerate() {
        *b = (bytes >> (8 * i)) as u8;
    }
    (out, len.min(MAX_PROJECTED))
}

/// Characters per page of [`facts`]' table.
const PAGE: usize = 256;

/// [`Facts`] of every character met so far, in pages allocated on first use (text in one
/// language touches a few): folding a character costs microseconds, reading this costs a
/// few instructions. Each entry is its facts' two words, the first marked when set.
static PAGES: [OnceLock<Box<[[AtomicU64; 2]; PAGE]>>; 0x11_0000 / PAGE] =
    [const { OnceLock::new() }; 0x11_0000 / PAGE];

/// The [`Facts`] of `c`, computed on first use and remembered for the whole process.
pub fn facts(c: char) -> Facts {
    let page = PAGES[c as usize / PAGE].get_or_init(|| {
        Box::new(std::array::from_fn(|_| {
            [AtomicU64::new(0), AtomicU64::new(0)]
        }))
    });
    let entry = &page[c as usize % PAGE];
    let bits = entry[0].load(Ordering::Acquire);
    if bits & COMPUTED != 0 {
        return Facts {
            bits,
            look: entry[1].load(Ordering::Relaxed),
        };
    }
    // Two threads may both compute it: they store the same words.
    let mut facts = Facts::compute(c);
    facts.bits |= COMPUTED;
    entry[1].store(facts.look, Ordering::Relaxed);
    entry[0].store(facts.bits, Ordering::Release);
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        let mut folder = Folder::default();
        let mut out = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            let keep = folder.keeps_marks_of(c);
            let mut marks = Vec::new();
            while let Some(&m) = chars.peek().filter(|&&m| is_mark(m)) {
                if keep {
                    marks.push(m);
                }
                chars.next();
            }
            folder.fold(c, &marks, true, &mut out);
        }
        out
    }

    fn projected(s: &str) -> String {
        let mut folder = Folder::default();
        let mut scratch = String::new();
        let mut out = Vec::new();
        for c in s.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    out.push(c.to_ascii_lowercase() as u8);
                }
            } else {
                project(c, &mut folder, &mut scratch, |b| out.push(b));
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn compatibility_forms_become_plain_letters() {
        assert_eq!(fold("ＣｈａｔＧＰＴ"), "chatgpt");
        assert_eq!(fold("\u{FB01}ne"), "fine");
        assert_eq!(fold("𝐂𝐡𝐚𝐭"), "chat");
        assert_eq!(fold("ＧＰＴ－５"), "gpt-5");
        assert_eq!(fold("\u{130}"), "i");
    }

    #[test]
    fn symbols_and_punctuation_keep_their_form() {
        assert_eq!(fold("ChatGPT™"), "chatgpt™");
        assert_eq!(fold("wait…"), "wait…");
        assert_eq!(fold("½"), "½");
        assert_eq!(fold("a\u{A8}b"), "a\u{A8}b");
    }

    #[test]
    fn latin_greek_and_cyrillic_accents_are_dropped() {
        assert_eq!(fold("café"), "cafe");
        assert_eq!(fold("cafe\u{301}"), "cafe");
        assert_eq!(fold("ÉCLAIR"), "eclair");
        assert_eq!(fold("ά"), "α");
        assert_eq!(fold("й"), "и");
    }

    #[test]
    fn marks_of_other_scripts_are_kept_and_composed() {
        assert_eq!(fold("\u{30AB}\u{3099}"), "\u{30AC}");
        assert_eq!(fold("\u{FF76}\u{FF9E}"), "\u{30AC}");
        assert_eq!(fold("\u{915}\u{93C}"), fold("\u{958}"));
    }

    #[test]
    fn invisible_characters_are_default_ignorable() {
        for c in [
            '\u{AD}', '\u{200B}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{202E}', '\u{FE0F}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        assert!(!is_invisible('a') && !is_invisible(' ') && !is_invisible('\u{FFFC}'));
    }

    #[test]
    fn look_alikes_are_the_letters_they_imitate() {
        assert_eq!(look_alike('О', false).as_deref(), Some("O"));
        assert_eq!(look_alike('о', true).as_deref(), Some("o"));
        assert_eq!(look_alike('ο', true).as_deref(), Some("o"));
        assert_eq!(look_alike('т', true).as_deref(), Some("t"));
        assert_eq!(look_alike('з', true).as_deref(), Some("3"));
        assert_eq!(look_alike('ı', true).as_deref(), Some("i"));
        assert_eq!(look_alike('ж', true), None);
        assert_eq!(look_alike('é', true), None);
        assert_eq!(look_alike('a', true), None);
    }

    #[test]
    fn projection_sees_every_letter_folding_can_make() {
        assert_eq!(projected("ｃｈａｔ\u{2060}ｇｐｔ"), "chatgpt");
        assert_eq!(projected("Оpenαι"), "openai");
        assert_eq!(projected("o\u{FB03}ce"), "office");
        assert_eq!(projected("acce\u{301}ss"), "access");
    }

    /// The prefilter sizes its buffers on this: no character projects to more than
    /// [`MAX_PROJECTED`] bytes (`Ⅷ` is `viii`).
    #[test]
    fn no_character_projects_to_more_than_max_projected_bytes() {
        let mut folder = Folder::default();
        let mut scratch = String::new();
        let mut longest = (0, ' ');
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            let mut n = 0;
            project(c, &mut folder, &mut scratch, |_| n += 1);
            if n > longest.0 {
                longest = (n, c);
            }
        }
        assert!(longest.0 <= MAX_PROJECTED, "{longest:?}");
    }

    #[test]
    fn no_character_projects_to_more_than_twice_its_length() {
        let mut folder = Folder::default();
        let mut scratch = String::new();
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            let mut n = 0;
            project(c, &mut folder, &mut scratch, |_| n += 1);
            assert!(n <= 2 * c.len_utf8(), "{c:?}");
        }
    }

    #[test]
    fn remembered_facts_are_the_computed_ones() {
        for c in [
            'é',
            'ｃ',
            'О',
            'о',
            '\u{301}',
            '\u{2060}',
            'Ⅷ',
            '中',
            '😀',
            '\u{1D402}',
        ] {
            let f = facts(c);
            assert_eq!(f, facts(c));
            let mut bytes = Vec::new();
            project(c, &mut Folder::default(), &mut String::new(), |b| {
                bytes.push(b)
            });
            let (p, n) = f.projected();
            assert_eq!(&p[..n], &bytes[..], "{c:?}");
            let look = f
                .look_alike()
                .map(|(b, n)| String::from_utf8(b[..n].to_vec()).unwrap());
            assert_eq!(look, look_alike(c, true), "{c:?}");
            assert_eq!(f.is_mark(), is_mark(c));
            assert_eq!(f.is_invisible(), is_invisible(c));
        }
        assert!(facts('中').is_plain() && facts('о').is_plain());
        let latin = Script::Latin as u8 + 1;
        assert!(facts('о').hides_look_alike() && !facts('о').always_look_alike());
        assert!(
            facts('\u{1D6D0}').hides_look_alike(),
            "mathematical ο is a Greek ο"
        );
        assert!(facts('ı').always_look_alike());
        assert!(!facts('ж').hides_look_alike() && !facts('é').hides_look_alike());
        assert_eq!(facts('ｐ').letter_script(), latin);
        assert_eq!(facts('é').letter_script(), latin);
        assert_eq!(facts('о').letter_script(), Script::Cyrillic as u8 + 1);
        assert_eq!(facts('’').letter_script(), 0);
        assert!(!facts('é').is_plain() && !facts('О').is_plain() && !facts('\u{301}').is_plain());
    }
}
