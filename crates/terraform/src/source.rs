//! Source files, byte spans and the line index that maps byte offsets to
//! 1-based line/column (CLI) and 0-based UTF-16 positions (LSP).

use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceDb`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A half-open byte range `start..end` in one file. 32-bit: every syntax
/// node carries spans, and files are read only up to [`MAX_FILE_SIZE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX);
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The first byte.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// One past the last byte.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// `start..end`, to slice the file's text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// A span in a particular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

impl Loc {
    pub fn new(file: FileId, span: Span) -> Loc {
        Loc { file, span }
    }
}

/// A 1-based line and a 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// A 0-based line and a 0-based column counted in UTF-16 code units (LSP).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Utf16Pos {
    pub line: u32,
    pub character: u32,
}

/// One source file: its path, its text and its line index (built once).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as discovered (may be relative to the working directory).
    pub path: PathBuf,
    pub text: String,
    /// Where each line starts (u32: files are read only up to
    /// [`MAX_FILE_SIZE`]).
    line_starts: Vec<u32>,
}

/// The largest file rampart reads (far beyond any real Terraform file;
/// offsets in line tables are 32-bit).
pub const MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        line_starts.shrink_to_fit();
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Clamp an offset into the text and back onto a char boundary.
    fn clamp(&self, offset: usize) -> usize {
        let mut o = offset.min(self.text.len());
        while o > 0 && !self.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        let o = self.clamp(offset);
        let o = u32::try_from(o).unwrap_or(u32::MAX);
        match self.line_starts.binary_search(&o) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .map_or(self.text.len(), |&s| s as usize)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of 0-based line `line`, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&s| s as usize);
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let o = self.clamp(offset);
        let line = self.line_index(o);
        let start = self.line_start(line);
        let column = self.text.get(start..o).map_or(0, |s| s.chars().count());
        LineCol {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// 0-based LSP position (UTF-16 code units) of a byte offset.
    pub fn utf16_pos(&self, offset: usize) -> Utf16Pos {
        let o = self.clamp(offset);
        let line = self.line_index(o);
        let start = self.line_start(line);
        let character = self
            .text
            .get(start..o)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum::<usize>());
        Utf16Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// Byte offset of a 0-based LSP position; positions past the end of a line clamp to it.
    pub fn offset_of_utf16(&self, pos: Utf16Pos) -> usize {
        let line = pos.line as usize;
        if line >= self.line_starts.len() {
            return self.text.len();
        }
        let start = self.line_start(line);
        let text = self.line_text(line);
        let mut units = 0usize;
        for (i, c) in text.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + text.len()
    }
}

/// All files loaded in one run, addressed by [`FileId`]. Append-only, and
/// appendable through a shared reference ([`SourceDb::push`]), so that root
/// modules evaluated on several threads can add the files `file()` reads
/// while others look files up.
#[derive(Debug, Default, Clone)]
pub struct SourceDb {
    files: boxcar::Vec<SourceFile>,
}

impl SourceDb {
    pub fn new() -> SourceDb {
        SourceDb::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.push(file)
    }

    /// Add a file through a shared reference (other threads may be reading
    /// or adding files at the same time).
    pub fn push(&self, file: SourceFile) -> FileId {
        let i = self.files.push(file);
        FileId(u32::try_from(i).unwrap_or(u32::MAX))
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }

    pub fn len(&self) -> usize {
        self.files.count()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.iter().find(|(_, f)| f.path == path).map(|(id, _)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_and_utf16() {
        let f = SourceFile::new("a.tf".into(), "ab\n# é😀 x\n".into());
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        let x = f.text.find('x').unwrap_or(0);
        assert_eq!(f.line_col(x), LineCol { line: 2, column: 6 });
        assert_eq!(
            f.utf16_pos(x),
            Utf16Pos {
                line: 1,
                character: 6
            }
        );
        assert_eq!(f.offset_of_utf16(f.utf16_pos(x)), x);
        assert_eq!(f.line_text(1), "# é😀 x");
    }
}
