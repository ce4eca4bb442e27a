//! Reading an export as a stream: the file is never held in memory, only one entry (a
//! Blogger `<entry>`, a WordPress `<item>`) at a time, as a small tree.
//!
//! Hostile input is refused with a clear message: a file in another encoding than UTF-8,
//! XML that is not well formed or ends too soon, and entities other than XML's five and
//! numeric references. quick-xml never expands entities a DOCTYPE declares, so an entity
//! bomb (billion laughs) costs nothing: its first use is an error.
use std::{
    fs::File,
    io::{BufRead, BufReader},
    path::Path,
};

use quick_xml::{Reader, events::Event};

use super::model::ImportError;

/// Most bytes of text and attributes kept from one entry; a larger one is read to its end
/// and reported as too large.
const MAX_ENTRY_BYTES: usize = 4 * 1024 * 1024;
/// Deepest nesting kept inside one entry (exports nest four or five levels); deeper
/// elements are read past, so a hostile tree costs neither memory nor stack.
const MAX_ENTRY_DEPTH: usize = 12;

/// An element of one entry: its qualified name (`wp:post_id`), attributes, text and children.
#[derive(Clone, Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
    /// More than `MAX_ENTRY_BYTES`: its text is not all here.
    pub oversized: bool,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// A child's text, trimmed; `None` when absent or empty.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }
}

/// An export file being read.
pub struct ExportReader {
    reader: Reader<BufReader<File>>,
    size: u64,
    /// Bytes skipped before the XML (a UTF-8 byte order mark).
    offset: u64,
    depth: usize,
    /// The name of the document's root element, once read.
    root: Option<String>,
}

impl ExportReader {
    /// Open an export, refusing at once a file that is not UTF-8.
    pub fn open(path: &Path) -> Result<ExportReader, ImportError> {
        let file = File::open(path).map_err(|e| ImportError::Io(path.display().to_string(), e))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut input = BufReader::with_capacity(64 * 1024, file);
        let head = input
            .fill_buf()
            .map_err(|e| ImportError::Io(path.display().to_string(), e))?;
        let offset = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Err(ImportError::Encoding("UTF-16".into()));
        } else {
            0
        };
        input.consume(offset);
        let mut reader = Reader::from_reader(input);
        reader.config_mut().check_end_names = true;
        Ok(ExportReader {
            reader,
            size,
            offset: offset as u64,
            depth: 0,
            root: None,
        })
    }

    /// Bytes read so far, and the file's size.
    pub fn progress(&self) -> (u64, u64) {
        (self.offset + self.reader.buffer_position(), self.size)
    }

    /// The root element's name (`feed`, `rss`), once the reading has passed it.
    pub fn root(&self) -> Option<&str> {
        self.root.as_deref()
    }

    /// A parser error with where it happened; bytes that are not UTF-8 say so.
    fn error(&self, e: quick_xml::Error) -> ImportError {
        let at = self.offset + self.reader.error_position();
        match e {
            quick_xml::Error::Encoding(_) => ImportError::NotUtf8 { at },
            e => ImportError::Xml {
                at,
                message: e.to_string(),
            },
        }
    }

    fn syntax(&self, message: impl std::fmt::Display) -> ImportError {
        ImportError::Xml {
            at: self.offset + self.reader.error_position(),
            message: message.to_string(),
        }
    }

    /// The next element with one of these names, at any depth, read whole; `None` at the
    /// end of the file.
    pub fn next_element(&mut self, wanted: &[&str]) -> Result<Option<Element>, ImportError> {
        let mut buf = Vec::with_capacity(4096);
        loop {
            buf.clear();
            let event = self
                .reader
                .read_event_into(&mut buf)
                .map_err(|e| self.error(e))?;
            match event {
                Event::Decl(decl) => {
                    if let Some(Ok(encoding)) = decl.encoding() {
                        let encoding = String::from_utf8_lossy(&encoding).to_string();
                        if !encoding.eq_ignore_ascii_case("utf-8")
                            && !encoding.eq_ignore_ascii_case("utf8")
                        {
                            return Err(ImportError::Encoding(encoding));
                        }
                    }
                }
                Event::Start(start) => {
                    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                    if self.root.is_none() {
                        self.root = Some(name.clone());
                    }
                    if wanted.contains(&name.as_str()) {
                        let attrs = self.attributes(&start)?;
                        return self.read_tree(name, attrs).map(Some);
                    }
                    self.depth += 1;
                }
                Event::Empty(start) => {
                    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                    if wanted.contains(&name.as_str()) {
                        let attrs = self.attributes(&start)?;
                        return Ok(Some(Element {
                            name,
                            attrs,
                            ..Default::default()
                        }));
                    }
                }
                Event::End(_) => self.depth = self.depth.saturating_sub(1),
                Event::GeneralRef(r) => {
                    // Text between entries: only checked.
                    self.reference(&r)?;
                }
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(self.syntax("the file ends before its elements are closed"));
                    }
                    return Ok(None);
                }
                _ => {}
            }
        }
    }

    fn attributes(
        &self,
        start: &quick_xml::events::BytesStart<'_>,
    ) -> Result<Vec<(String, String)>, ImportError> {
        let mut out = Vec::new();
        for attr in start.attributes() {
            let attr = attr.map_err(|e| self.syntax(e))?;
            let name = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
            let value = attr
                .decoded_and_normalized_value(
                    quick_xml::XmlVersion::Implicit1_0,
                    self.reader.decoder(),
                )
                .map_err(|e| self.syntax(e))?;
            out.push((name, value.into_owned()));
        }
        Ok(out)
    }

    /// A reference in text as its character: XML's five named ones and numeric ones.
    fn reference(&self, r: &quick_xml::events::BytesRef<'_>) -> Result<char, ImportError> {
        if r.is_char_ref() {
            return match r.resolve_char_ref() {
                Ok(Some(c)) => Ok(c),
                _ => Err(self.syntax("a character reference that is not a character")),
            };
        }
        let name = r.decode().map_err(|e| self.syntax(e))?;
        match name.as_ref() {
            "lt" => Ok('<'),
            "gt" => Ok('>'),
            "amp" => Ok('&'),
            "apos" => Ok('\''),
            "quot" => Ok('"'),
            other => Err(ImportError::Entity {
                name: other.chars().take(40).collect(),
                at: self.offset + self.reader.buffer_position(),
            }),
        }
    }

    /// Read the element just started to its end, as a tree.
    fn read_tree(
        &mut self,
        name: String,
        attrs: Vec<(String, String)>,
    ) -> Result<Element, ImportError> {
        let mut stack = vec![Element {
            name,
            attrs,
            ..Default::default()
        }];
        // Elements open below the deepest kept one.
        let mut unkept = 0usize;
        let mut bytes = 0usize;
        let mut oversized = false;
        let mut buf = Vec::with_capacity(4096);
        loop {
            buf.clear();
            let event = self
                .reader
                .read_event_into(&mut buf)
                .map_err(|e| self.error(e))?;
            match event {
                Event::Start(start) => {
                    if unkept > 0 || stack.len() >= MAX_ENTRY_DEPTH {
                        unkept += 1;
                        continue;
                    }
                    let attrs = self.attributes(&start)?;
                    bytes += attrs.iter().map(|(n, v)| n.len() + v.len()).sum::<usize>();
                    stack.push(Element {
                        name: String::from_utf8_lossy(start.name().as_ref()).into_owned(),
                        attrs,
                        ..Default::default()
                    });
                }
                Event::Empty(start) => {
                    if unkept > 0 || stack.len() >= MAX_ENTRY_DEPTH {
                        continue;
                    }
                    let attrs = self.attributes(&start)?;
                    bytes += attrs.iter().map(|(n, v)| n.len() + v.len()).sum::<usize>();
                    let element = Element {
                        name: String::from_utf8_lossy(start.name().as_ref()).into_owned(),
                        attrs,
                        ..Default::default()
                    };
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(element);
                    }
                }
                Event::End(_) => {
                    if unkept > 0 {
                        unkept -= 1;
                        continue;
                    }
                    let Some(done) = stack.pop() else {
                        return Err(self.syntax("an end tag without its start"));
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => {
                            return Ok(Element { oversized, ..done });
                        }
                    }
                }
                Event::Text(text) => {
                    let text = text.decode().map_err(|e| self.error(e.into()))?;
                    self.keep_text(&mut stack, unkept, &mut bytes, &mut oversized, &text);
                }
                Event::CData(data) => {
                    let text = data.decode().map_err(|e| self.error(e.into()))?;
                    self.keep_text(&mut stack, unkept, &mut bytes, &mut oversized, &text);
                }
                Event::GeneralRef(r) => {
                    let c = self.reference(&r)?;
                    let mut utf8 = [0u8; 4];
                    let text = c.encode_utf8(&mut utf8);
                    self.keep_text(&mut stack, unkept, &mut bytes, &mut oversized, text);
                }
                Event::Eof => {
                    return Err(self.syntax(format!(
                        "the file ends inside <{}>: it was cut short or is not well formed",
                        stack.first().map_or("", |e| e.name.as_str())
                    )));
                }
                _ => {}
            }
        }
    }

    fn keep_text(
        &self,
        stack: &mut [Element],
        unkept: usize,
        bytes: &mut usize,
        oversized: &mut bool,
        text: &str,
    ) {
        if unkept > 0 || *oversized {
            return;
        }
        *bytes += text.len();
        if *bytes > MAX_ENTRY_BYTES {
            *oversized = true;
            return;
        }
        if let Some(current) = stack.last_mut() {
            current.text.push_str(text);
        }
    }
}
