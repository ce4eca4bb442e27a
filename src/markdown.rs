//! Markdown -> SafeHtml: the only place trusted HTML is made.
//!
//! User Markdown goes through pulldown-cmark and then ammonia with an explicit allowlist.
//! Both tools slow down on pathological input (ammonia badly so with deep nesting), so
//! size and nesting are limited before either of them does real work.

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream};

mod mentions;
pub use mentions::{MentionAs, mention_handles, show_mentions};

/// Most bytes (UTF-8) of Markdown that `render` accepts.
pub const MAX_MARKDOWN_BYTES: usize = 200 * 1024;
/// Deepest nesting `render` accepts, counted as described at `nesting_levels`.
pub const MAX_NESTING: usize = 32;

/// HTML that is safe to put in a page as it is.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SafeHtml(String);

impl SafeHtml {
    /// The HTML.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The HTML, for storing.
    pub fn into_string(self) -> String {
        self.0
    }

    /// For HTML that `render` produced earlier and the database stored. Never for anything else.
    pub fn from_stored(html: String) -> SafeHtml {
        SafeHtml(html)
    }

    /// Escape plain text into HTML (for e.g. rendering a plain string safely).
    pub fn escape_text(text: &str) -> SafeHtml {
        let mut html = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => html.push_str("&amp;"),
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                '"' => html.push_str("&quot;"),
                '\'' => html.push_str("&#39;"),
                _ => html.push(c),
            }
        }
        SafeHtml(html)
    }
}

impl fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for SafeHtml {}

/// Why Markdown was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MarkdownError {
    #[error("too long: {bytes} bytes, at most {max}")]
    TooLong { bytes: usize, max: usize },
    #[error("nested too deeply: {depth} levels, at most {max}")]
    TooDeep { depth: usize, max: usize },
}

/// Render user Markdown to sanitised HTML. Checks the limits first (before any parsing cost).
pub fn render(markdown: &str) -> Result<SafeHtml, MarkdownError> {
    if markdown.len() > MAX_MARKDOWN_BYTES {
        return Err(MarkdownError::TooLong {
            bytes: markdown.len(),
            max: MAX_MARKDOWN_BYTES,
        });
    }
    check_depth(raw_depth_bound(markdown))?;
    let mut events = Events::default();
    for event in TextMergeStream::new(Parser::new_ext(markdown, options())) {
        events.add(task_marker_as_text(event))?;
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.out.into_iter());
    Ok(SafeHtml(SANITISER.clean(&html).to_string()))
}

/// Clean HTML written elsewhere (a post or comment imported from another blog) through the
/// same sanitiser and under the same limits as Markdown: what it returns is as safe as what
/// `render` returns, so it is kept as the body's HTML.
pub fn clean_html(html: &str) -> Result<SafeHtml, MarkdownError> {
    if html.len() > MAX_MARKDOWN_BYTES {
        return Err(MarkdownError::TooLong {
            bytes: html.len(),
            max: MAX_MARKDOWN_BYTES,
        });
    }
    let mut open = Events::default();
    open.track_html(html);
    check_depth(open.html_open.len())?;
    Ok(SafeHtml(SANITISER.clean(html).to_string()))
}

/// A task-list box as a character, not a form control: a disabled checkbox has no label and
/// cannot be used (WCAG 1.3.1, 4.1.2, found by the browser suite), while ☑ and ☐ read as what
/// they are.
fn task_marker_as_text(event: Event<'_>) -> Event<'_> {
    match event {
        Event::TaskListMarker(done) => Event::Text(if done { "☑ " } else { "☐ " }.into()),
        other => other,
    }
}

/// Plain-text excerpt of at most `max_chars` characters (whole words, ending with "…" when cut),
/// built from the Markdown's text events (no markup, no HTML tags, code text kept).
/// The result is plain text: templates must escape it.
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let mut end = markdown.len().min(MAX_MARKDOWN_BYTES);
    while !markdown.is_char_boundary(end) {
        end -= 1;
    }
    let mut words = Words::default();
    // Raw HTML (an imported post's whole body) gives its text too, never a script's.
    let mut html = HtmlText::default();
    for event in Parser::new_ext(&markdown[..end], options()) {
        match event {
            Event::Text(t) | Event::Code(t) => words.add(&t),
            Event::Html(t) | Event::InlineHtml(t) => words.add(&html.text(&t)),
            Event::Start(tag) if is_block(tag.to_end()) => words.space = true,
            Event::End(tag) if is_block(tag) => words.space = true,
            Event::SoftBreak | Event::HardBreak | Event::Rule => words.space = true,
            _ => {}
        }
        // One character past the limit is enough to know the text must be cut.
        if words.chars > max_chars {
            break;
        }
    }
    words.cut(max_chars)
}

/// Plain-text excerpt of sanitised HTML (a body as a reader sees it, its mentions shown),
/// cut as `excerpt` cuts: tags become spaces (inline ones nothing), entities characters.
/// The result is plain text: templates must escape it.
pub fn html_excerpt(html: &SafeHtml, max_chars: usize) -> String {
    let mut words = Words::default();
    words.add(&HtmlText::default().text(html.as_str()));
    words.cut(max_chars)
}

/// An excerpt's text so far: words joined by single spaces.
#[derive(Default)]
struct Words {
    text: String,
    chars: usize,
    /// Whitespace or a block boundary came since the last character.
    space: bool,
}

impl Words {
    /// The text, at most `max_chars` characters: whole words, ending with "…" when cut.
    fn cut(self, max_chars: usize) -> String {
        let Words { text, chars, .. } = self;
        if chars <= max_chars {
            return text;
        }
        let Some(keep) = max_chars.checked_sub(1) else {
            return String::new();
        };
        let cut = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
        let mut kept = &text[..cut];
        if !text[cut..].starts_with(' ') {
            // Drop the partial word, unless it is the only one.
            if let Some(space) = kept.rfind(' ') {
                kept = &kept[..space];
            }
        }
        let mut out = kept.trim_end_matches([' ', ',', ';', ':']).to_string();
        out.push('…');
        out
    }

    fn add(&mut self, t: &str) {
        for c in t.chars() {
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            if self.space && self.chars > 0 {
                self.text.push(' ');
                self.chars += 1;
            }
            self.space = false;
            self.text.push(c);
            self.chars += 1;
        }
    }
}

/// The text of raw HTML for excerpts: tags become spaces (inline ones nothing), the common
/// entities are decoded, and what scripts and styles hold is left out, also across events.
#[derive(Default)]
struct HtmlText {
    /// Inside `<script>` or `<style>`: the element whose end tag ends the skipping.
    skipping: Option<&'static str>,
}

impl HtmlText {
    fn text(&mut self, html: &str) -> String {
        const INLINE: &str = " a abbr b code del em i s small span strong sub sup u ";
        let mut out = String::new();
        let mut rest = html;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                if self.skipping.is_none() {
                    out.push_str(&decode_entities(rest));
                }
                break;
            };
            if self.skipping.is_none() {
                out.push_str(&decode_entities(&rest[..lt]));
            }
            let tag = &rest[lt + 1..];
            let end = tag.find('>').map_or(tag.len(), |gt| gt + 1);
            let closing = tag.starts_with('/');
            let name: String = tag[usize::from(closing)..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            match self.skipping {
                Some(skipped) if closing && name == skipped => self.skipping = None,
                Some(_) => {}
                None if !closing && (name == "script" || name == "style") => {
                    self.skipping = Some(if name == "script" { "script" } else { "style" });
                }
                None if !INLINE.contains(&format!(" {name} ")) => out.push(' '),
                None => {}
            }
            rest = &tag[end.min(tag.len())..];
        }
        out
    }
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&nbsp;` and numeric references as characters;
/// anything else stays as written.
fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.find(';').filter(|&i| i <= 10);
        let decoded = semi.and_then(|i| match &rest[1..i] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "nbsp" => Some(' '),
            num => {
                let n = num.strip_prefix('#')?;
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => n.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (decoded, semi) {
            (Some(c), Some(i)) => {
                out.push(c);
                rest = &rest[i + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

fn check_depth(depth: usize) -> Result<(), MarkdownError> {
    if depth > MAX_NESTING {
        return Err(MarkdownError::TooDeep {
            depth,
            max: MAX_NESTING,
        });
    }
    Ok(())
}

/// Block tags separate words in an excerpt; inline ones do not.
fn is_block(tag: TagEnd) -> bool {
    use TagEnd::*;
    !matches!(
        tag,
        Emphasis | Strong | Strikethrough | Link | Image | Superscript | Subscript
    )
}

/// Whether a tag adds a level of nesting. Nesting counts block quotes, lists, footnotes,
/// tables and inline spans (emphasis, links, ...), one each. Tags that are only ever the
/// fixed inner part of another (list items, table rows and cells), leaves (paragraphs,
/// headings, code blocks) and wrappers that make no element (HTML blocks) add nothing,
/// so 32 nested quotes or lists are 32 levels.
fn nesting_levels(tag: TagEnd) -> usize {
    use TagEnd::*;
    let flat = matches!(tag, Paragraph | HtmlBlock | Heading(_) | CodeBlock | Item);
    usize::from(!flat && !matches!(tag, TableHead | TableRow | TableCell))
}

/// Elements that never nest in HTML: void ones, and ones the parser closes when a sibling
/// opens (`<li>a<li>b` is two items), so sloppy but common HTML is not counted as deep.
fn is_flat(element: &str) -> bool {
    const FLAT: &str = " area base br col embed hr img input link meta param source track wbr \
                        p li dt dd tr td th thead tbody tfoot option ";
    !element.is_empty() && FLAT.contains(&format!(" {} ", element.to_ascii_lowercase()))
}

/// The parsed events on their way to the HTML writer, with the authoritative depth check:
/// Markdown levels plus the raw HTML elements left open, refused before ammonia sees them.
#[derive(Default)]
struct Events<'a> {
    out: Vec<Event<'a>>,
    depth: usize,
    /// Raw HTML elements open now. An end tag removes only its own element, never the ones
    /// above it, because browsers keep such elements open (`<b><div></b>` leaves the div).
    html_open: Vec<String>,
    /// Inside a link, image or code block, where bare URLs stay text.
    no_autolink: usize,
}

impl<'a> Events<'a> {
    fn add(&mut self, event: Event<'a>) -> Result<(), MarkdownError> {
        match event {
            Event::Text(text)
                if self.no_autolink == 0 && !self.html_open.iter().any(|t| t == "a") =>
            {
                self.add_linked_text(text)
            }
            // Footnote ids get a prefix so user content cannot take the page's own ids.
            Event::FootnoteReference(name) => {
                self.push(Event::FootnoteReference(format!("fn-{name}").into()))
            }
            Event::Start(Tag::FootnoteDefinition(name)) => self.push(Event::Start(
                Tag::FootnoteDefinition(format!("fn-{name}").into()),
            )),
            event => self.push(event),
        }
    }

    fn push(&mut self, event: Event<'a>) -> Result<(), MarkdownError> {
        match &event {
            Event::Start(tag) => {
                let end = tag.to_end();
                self.depth += nesting_levels(end);
                if matches!(end, TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) {
                    self.no_autolink += 1;
                }
            }
            Event::End(end) => {
                self.depth = self.depth.saturating_sub(nesting_levels(*end));
                if matches!(end, TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) {
                    self.no_autolink = self.no_autolink.saturating_sub(1);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => self.track_html(html),
            _ => {}
        }
        check_depth(self.depth + self.html_open.len())?;
        self.out.push(event);
        Ok(())
    }

    /// Follows the tags in raw HTML as a browser would see them, erring towards deeper:
    /// a tag ends at the first `>`, where a browser's may end later.
    fn track_html(&mut self, html: &str) {
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            rest = &rest[lt + 1..];
            let closing = rest.starts_with('/');
            let name_start = if closing { &rest[1..] } else { rest };
            if !name_start.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let name_end = name_start
                .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
                .unwrap_or(name_start.len());
            let name = name_start[..name_end].to_ascii_lowercase();
            rest = rest.find('>').map_or("", |gt| &rest[gt + 1..]);
            if closing {
                if let Some(open) = self.html_open.iter().rposition(|t| *t == name) {
                    self.html_open.remove(open);
                }
            } else if !is_flat(&name) {
                self.html_open.push(name);
                // The depth check after this event refuses long before this grows large.
                if self.depth + self.html_open.len() > MAX_NESTING {
                    return;
                }
            }
        }
    }

    /// Turns bare `http://` and `https://` URLs in text into links.
    fn add_linked_text(&mut self, text: CowStr<'a>) -> Result<(), MarkdownError> {
        let urls = find_urls(&text);
        if urls.is_empty() {
            return self.push(Event::Text(text));
        }
        let mut done = 0;
        for (start, end) in urls {
            if start > done {
                self.push(Event::Text(text[done..start].to_string().into()))?;
            }
            let url: CowStr<'a> = text[start..end].to_string().into();
            self.push(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: url.clone(),
                title: "".into(),
                id: "".into(),
            }))?;
            self.push(Event::Text(url))?;
            self.push(Event::End(TagEnd::Link))?;
            done = end;
        }
        if done < text.len() {
            self.push(Event::Text(text[done..].to_string().into()))?;
        }
        Ok(())
    }
}

/// Byte ranges of bare URLs, after GitHub's rules: the URL runs to whitespace or `<`,
/// then loses trailing punctuation and any `)` that has no `(` in the URL.
fn find_urls(text: &str) -> Vec<(usize, usize)> {
    let mut urls = Vec::new();
    if !text.contains("://") {
        return urls;
    }
    let mut from = 0;
    while let Some(found) = text[from..].find(['h', 'H']) {
        let start = from + found;
        from = start + 1;
        let rest = &text[start..];
        let scheme = ["https://", "http://"].into_iter().find(|s| {
            rest.get(..s.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(s))
        });
        let Some(scheme) = scheme else { continue };
        // Checked before the URL's end is looked for, so failed candidates cost nothing.
        if !rest[scheme.len()..].starts_with(char::is_alphanumeric)
            || text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let run = rest
            .find(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(rest.len());
        let mut url = &rest[..run];
        let mut open = url.matches('(').count();
        let mut close = url.matches(')').count();
        while let Some(last) = url.chars().next_back() {
            let unbalanced = last == ')' && close > open;
            if !unbalanced && !"?!.,:;*_~'".contains(last) {
                break;
            }
            match last {
                '(' => open -= 1,
                ')' => close -= 1,
                _ => {}
            }
            url = &url[..url.len() - last.len_utf8()];
        }
        urls.push((start, start + url.len()));
        from = start + url.len();
    }
    urls
}

/// A cheap upper bound of the nesting in raw Markdown, so pathological input costs no
/// parsing. Per line: block quote and list markers at the line start (plus the indentation
/// before a list marker, two columns a level) and the longest inline run on the line.
fn raw_depth_bound(markdown: &str) -> usize {
    let mut deepest = 0;
    let mut tag_run = 0;
    for line in markdown.split('\n') {
        let (blocks, rest) = block_prefix(line);
        deepest = deepest.max(blocks + inline_runs(rest, &mut tag_run));
        if deepest > MAX_NESTING {
            break;
        }
    }
    deepest
}

/// Block levels opened at the start of a line, and the rest of the line.
fn block_prefix(line: &str) -> (usize, &str) {
    let bytes = line.as_bytes();
    let (mut blocks, mut indent, mut i, mut listed) = (0, 0, 0, false);
    while blocks <= MAX_NESTING {
        while let Some(&b @ (b' ' | b'\t')) = bytes.get(i) {
            if !listed {
                indent += if b == b'\t' { 4 } else { 1 };
            }
            i += 1;
        }
        if bytes.get(i) == Some(&b'>') {
            i += 1 + usize::from(bytes.get(i + 1) == Some(&b' '));
        } else if let Some(len) = list_marker(&bytes[i..]).filter(|_| !is_rule(&line[i..])) {
            i += len;
            listed = true;
        } else {
            break;
        }
        blocks += 1;
    }
    (blocks + usize::from(listed) * indent / 2, &line[i..])
}

/// The longest run on a line of `[`, of `*` or `_` (two make a level, as in `**strong**`),
/// or of HTML start tags with only whitespace between them (which may go on from earlier
/// lines, so its count is carried in `tag_run`).
fn inline_runs(line: &str, tag_run: &mut usize) -> usize {
    if is_rule(line) {
        return 0;
    }
    let bytes = line.as_bytes();
    let (mut deepest, mut run, mut prev, mut k) = (0, 0usize, 0u8, 0);
    while k < bytes.len() {
        let b = bytes[k];
        run = if b == prev { run + 1 } else { 1 };
        prev = b;
        k += 1;
        match b {
            b'[' => deepest = deepest.max(run),
            b'*' | b'_' => deepest = deepest.max(run.div_ceil(2)),
            b'<' if bytes.get(k).is_some_and(u8::is_ascii_alphabetic) => {
                let end = line[k..].find('>').map_or(bytes.len(), |gt| k + gt + 1);
                let name = line[k..end]
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .next();
                if !is_flat(name.unwrap_or_default()) {
                    *tag_run += 1;
                }
                deepest = deepest.max(*tag_run);
                (k, prev) = (end, 0);
            }
            b' ' | b'\t' | b'\r' => {}
            _ => *tag_run = 0,
        }
    }
    deepest
}

/// Length of a list marker with its following spaces (up to four), if the line starts with one.
fn list_marker(bytes: &[u8]) -> Option<usize> {
    let digits = bytes
        .iter()
        .take(9)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let marker = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        _ if digits > 0 && matches!(bytes.get(digits), Some(b'.' | b')')) => digits + 1,
        _ => return None,
    };
    match bytes.get(marker) {
        None => Some(marker),
        Some(b' ' | b'\t') => {
            let spaces = bytes[marker..]
                .iter()
                .take(4)
                .take_while(|b| matches!(b, b' ' | b'\t'));
            Some(marker + spaces.count())
        }
        Some(_) => None,
    }
}

/// A thematic break like `* * *` or `______`: not a list, and not emphasis.
fn is_rule(line: &str) -> bool {
    let mut marks = line.chars().filter(|c| !matches!(c, ' ' | '\t' | '\r'));
    let Some(first @ ('-' | '*' | '_')) = marks.next() else {
        return false;
    };
    let mut count = 1;
    for c in marks {
        if c != first {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// The one ammonia configuration, allowing what blog posts need and nothing else.
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags = "p br hr h1 h2 h3 h4 h5 h6 blockquote pre code em strong del s ul ol li a img \
                table thead tbody tr th td sup section div";
    let attributes = [
        ("a", vec!["href", "title"]),
        ("img", vec!["src", "alt", "title"]),
        ("ol", vec!["start"]),
        ("div", vec!["id"]),
    ];
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(tags.split_whitespace().collect())
        .clean_content_tags(["script", "style"].into_iter().collect())
        .generic_attributes(Default::default())
        .tag_attributes(
            attributes
                .into_iter()
                .map(|(t, a)| (t, a.into_iter().collect()))
                .collect(),
        )
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .allowed_classes(Default::default())
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // Only footnote ids, so content cannot clobber the page's own ids.
            ("div", "id") if !value.starts_with("fn-") => None,
            ("img", "src") if scheme_is(value, "mailto:") => None,
            // ammonia reads "\u{2028}javascript:" as a harmless relative path; a browser
            // that skipped such characters would not, so it goes too.
            (_, "href" | "src")
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| scheme_is(value, s)) =>
            {
                None
            }
            _ => Some(Cow::Borrowed(value)),
        });
    builder
});

/// Whether a URL starts with `scheme` (lowercase, with its colon), ignoring case and every
/// character but visible ASCII: some browsers skip spaces, controls and invisible ones.
fn scheme_is(url: &str, scheme: &str) -> bool {
    let mut url = url.chars().filter(char::is_ascii_graphic);
    scheme
        .chars()
        .all(|s| url.next().is_some_and(|c| c.to_ascii_lowercase() == s))
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
