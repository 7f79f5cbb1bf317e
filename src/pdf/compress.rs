//! Flate compression of the PDF's streams: font programs as soon as they are cut (on
//! their own thread, while the pages are written), everything else at the end, spread
//! over the cores.

/// zlib level for page content and fonts. Measured on the sample (GB profile, whole
/// `export` process, since page content is written directly): level 1 15 ms / 339 KB,
/// level 2 20 ms / 315 KB; compressing the body face's subset is the longest step at
/// level 2. Level 1 (miniz's greedy fast path) stays under the size of the same issue set
/// by Typst (354 KB), and far under it for longer issues (120×: about 4.4 vs 10 MB).
pub(super) const DEFLATE_LEVEL: u8 = 1;

/// Compresses every stream that has no filter yet (Flate), spread over the cores.
pub(super) fn streams(pdf: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = pdf
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some(s)
            }
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    // Largest first, each to the least loaded thread: the few font programs are most of
    // the work and must not all land on one thread.
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    let mut parts: Vec<(usize, Vec<&mut lopdf::Stream>)> =
        (0..threads).map(|_| (0, Vec::new())).collect();
    for s in streams {
        if let Some(part) = parts.iter_mut().min_by_key(|p| p.0) {
            part.0 += s.content.len();
            part.1.push(s);
        }
    }
    let compress = |part: &mut [&mut lopdf::Stream]| {
        for s in part {
            if let Some(packed) = deflate(&s.content) {
                s.dict.set("Filter", "FlateDecode");
                s.set_content(packed);
            }
        }
    };
    std::thread::scope(|scope| {
        let mut parts = parts.into_iter().map(|p| p.1).filter(|p| !p.is_empty());
        let first = parts.next();
        for mut part in parts {
            scope.spawn(move || compress(&mut part));
        }
        if let Some(mut part) = first {
            compress(&mut part);
        }
    });
}

/// The zlib form of `raw`, if it is worth a `/Filter` entry (19 bytes).
fn deflate(raw: &[u8]) -> Option<Vec<u8>> {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(raw, DEFLATE_LEVEL);
    (packed.len() + 19 < raw.len()).then_some(packed)
}

/// Stream content compressed ahead of the stream it goes into.
pub(super) struct Packed {
    /// Length before compression (a TrueType program's `/Length1`).
    pub raw_len: usize,
    bytes: Vec<u8>,
    deflated: bool,
}

impl Packed {
    /// Compresses `raw` unless that saves nothing.
    pub fn new(raw: Vec<u8>) -> Packed {
        let raw_len = raw.len();
        match deflate(&raw) {
            Some(bytes) => Packed {
                raw_len,
                bytes,
                deflated: true,
            },
            None => Packed {
                raw_len,
                bytes: raw,
                deflated: false,
            },
        }
    }

    /// The stream, filter set; [`streams`] leaves it alone either way.
    pub fn into_stream(self, mut dict: lopdf::Dictionary) -> lopdf::Stream {
        if self.deflated {
            dict.set("Filter", "FlateDecode");
        }
        let mut stream = lopdf::Stream::new(dict, self.bytes);
        stream.allows_compression = false;
        stream
    }

    /// Puts the content into an existing stream, filter set, as [`streams`] would
    /// have (same keys in the same order); [`streams`] leaves it alone afterwards.
    pub fn put_into(self, stream: &mut lopdf::Stream) {
        stream.set_content(self.bytes);
        if self.deflated {
            stream.dict.set("Filter", "FlateDecode");
        }
        stream.allows_compression = false;
    }
}

/// Compresses each of `raws` on a thread of its own group, so the few large font
/// programs are packed while the caller writes the pages.
pub(super) fn pack_in_background(raws: Vec<Vec<u8>>) -> std::thread::JoinHandle<Vec<Packed>> {
    std::thread::spawn(move || raws.into_iter().map(Packed::new).collect())
}
